package io.meridian.streams;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro schema of a Java record, and its values to and from Avro's generic representation, for
 * state that an app keeps as plain records ({@link StateSerdes#record}). Avro's reflect model
 * cannot build a record (it needs a no-argument constructor), so this reads components and calls the
 * canonical constructor.
 *
 * <p>The schema follows the record: one field per component in declaration order, named as the
 * component; a record or enum is named by its class's full name. Every component of a reference
 * type is nullable with default null, so a component added later reads older state as null (a new
 * primitive component has no default: make it boxed). Supported component types: String,
 * int/long/double/boolean and their boxes, enums, lists, maps with String, Integer or Long keys
 * (written as Avro's string keys), and records of these.
 */
final class RecordAvro {
    private static final Map<Class<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    /** A record class's components, accessors and canonical constructor, looked up once. */
    private record Shape(RecordComponent[] components, Method[] accessors, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(components, accessors, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has its canonical constructor: " + type.getName(), e);
            }
        }
    }

    private RecordAvro() {
    }

    /** The schema of a record class (cached). */
    static Schema schema(Class<? extends Record> type) {
        return SCHEMAS.computeIfAbsent(type, t -> recordSchema(t, new LinkedHashMap<>()));
    }

    /** A record as a GenericRecord of {@link #schema}. */
    static GenericRecord toAvro(Record value) {
        return (GenericRecord) write(value, schema(value.getClass()));
    }

    /** A GenericRecord read with (or resolved to) the schema of {@code type}, as that record. */
    static <T extends Record> T fromAvro(Class<T> type, GenericRecord avro) {
        return type.cast(read(avro, type));
    }

    private static Schema recordSchema(Class<?> type, Map<Class<?>, Schema> seen) {
        Schema known = seen.get(type);
        if (known != null) {
            return known;
        }
        Schema record = Schema.createRecord(type.getSimpleName(), null, namespace(type), false);
        seen.put(type, record);
        List<Schema.Field> fields = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Schema schema = schemaOf(component.getGenericType(), seen);
            boolean primitive = component.getType().isPrimitive();
            fields.add(primitive ? new Schema.Field(component.getName(), schema)
                    : new Schema.Field(component.getName(), nullable(schema), null, Schema.Field.NULL_DEFAULT_VALUE));
        }
        record.setFields(fields);
        return record;
    }

    private static Schema schemaOf(Type type, Map<Class<?>, Schema> seen) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Schema.createArray(schemaOf(args[0], seen));
            }
            if (Map.class.isAssignableFrom(raw)) {
                keyType(args[0]);
                return Schema.createMap(schemaOf(args[1], seen));
            }
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            Schema string = Schema.create(Schema.Type.STRING);
            string.addProp(GenericData.STRING_PROP, "String");
            return string;
        }
        if (cls == int.class || cls == Integer.class) {
            return Schema.create(Schema.Type.INT);
        }
        if (cls == long.class || cls == Long.class) {
            return Schema.create(Schema.Type.LONG);
        }
        if (cls == double.class || cls == Double.class) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (cls.isEnum()) {
            return seen.computeIfAbsent(cls, RecordAvro::enumSchema); // defined once per schema, then named
        }
        if (cls.isRecord()) {
            return recordSchema(cls, seen);
        }
        throw new IllegalArgumentException("no Avro schema for state of type " + type.getTypeName());
    }

    private static Schema enumSchema(Class<?> type) {
        List<String> symbols = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            symbols.add(((Enum<?>) constant).name());
        }
        return Schema.createEnum(type.getSimpleName(), null, namespace(type), symbols);
    }

    private static Class<?> keyType(Type key) {
        if (key == String.class || key == Integer.class || key == Long.class) {
            return (Class<?>) key;
        }
        throw new IllegalArgumentException("map keys of state must be String, Integer or Long, not " + key.getTypeName());
    }

    /** The namespace: the package, then enclosing classes ({@code a.b.Outer$Inner} is {@code a.b.Outer.Inner}). */
    private static String namespace(Class<?> type) {
        String name = type.getName();
        return name.substring(0, name.length() - type.getSimpleName().length() - 1).replace('$', '.');
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    private static Object write(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return write(value, schema.getTypes().get(1));
        }
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record avro = new GenericData.Record(schema);
                Shape shape = SHAPES.computeIfAbsent(value.getClass(), Shape::of);
                for (int i = 0; i < shape.components().length; i++) {
                    Schema.Field field = schema.getField(shape.components()[i].getName());
                    avro.put(field.pos(), write(get(shape.accessors()[i], value), field.schema()));
                }
                yield avro;
            }
            case ENUM -> new GenericData.EnumSymbol(schema, ((Enum<?>) value).name());
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(write(item, schema.getElementType()));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> entries.put(k.toString(), write(v, schema.getValueType())));
                yield entries;
            }
            default -> value;
        };
    }

    private static Object read(Object avro, Type type) {
        if (avro == null) {
            return null;
        }
        if (type instanceof ParameterizedType parameterized) {
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) avro) {
                    items.add(read(item, args[0]));
                }
                return items;
            }
            Class<?> keys = keyType(args[0]);
            Map<Object, Object> entries = new LinkedHashMap<>();
            ((Map<?, ?>) avro).forEach((k, v) -> entries.put(key(k.toString(), keys), read(v, args[1])));
            return entries;
        }
        Class<?> cls = (Class<?>) type;
        if (cls.isRecord()) {
            return construct(cls, (GenericRecord) avro);
        }
        if (cls.isEnum()) {
            return enumValue(cls, avro.toString());
        }
        return cls == String.class ? avro.toString() : avro;
    }

    private static Object construct(Class<?> type, GenericRecord avro) {
        Shape shape = SHAPES.computeIfAbsent(type, Shape::of);
        RecordComponent[] components = shape.components();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Object value = read(avro.get(components[i].getName()), components[i].getGenericType());
            args[i] = value == null && components[i].getType().isPrimitive() ? zero(components[i].getType()) : value;
        }
        try {
            return shape.constructor().newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build a " + type.getName() + " from its stored state: " + e, e);
        }
    }

    private static Object get(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor.getName() + " of a " + record.getClass().getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String symbol) {
        return Enum.valueOf((Class) type, symbol);
    }

    private static Object key(String text, Class<?> type) {
        return type == Integer.class ? Integer.valueOf(text) : type == Long.class ? Long.valueOf(text) : text;
    }

    private static Object zero(Class<?> primitive) {
        return primitive == boolean.class ? Boolean.FALSE : primitive == double.class ? 0.0d
                : primitive == long.class ? 0L : 0;
    }
}
