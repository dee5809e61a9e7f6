package io.meridian.schemas.serde;

import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The properties the Avro serdes read in {@code configure(Map, isKey)}, so they can be named as
 * {@code value.serializer} / {@code default.value.serde} classes. The registry properties are
 * Confluent's ({@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.truststore.*},
 * see {@link RegistrySettings}); so are {@code auto.register.schemas} and {@code specific.avro.reader}.
 */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL = RegistrySettings.URL;
    /** Register a value's schema when it has no id yet (default true); else only look it up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Read into the generated class named by the writer schema's full name (default false: GenericRecord). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Read into this generated class (a class or its name), resolving the writer schema against it. */
    public static final String SPECIFIC_CLASS = "meridian.avro.specific.class";
    /** A {@link SchemaRegistry} instance to use instead of connecting to {@code schema.registry.url}. */
    public static final String REGISTRY_INSTANCE = "meridian.schema.registry.instance";

    private AvroSerdeConfig() {
    }

    /** A registry and whether the serde that asked for it must close it. */
    record OwnedRegistry(SchemaRegistry registry, boolean owned) {
    }

    static OwnedRegistry registry(Map<String, ?> configs) {
        Object instance = configs.get(REGISTRY_INSTANCE);
        if (instance instanceof SchemaRegistry registry) {
            return new OwnedRegistry(registry, false);
        }
        if (instance != null) {
            throw new ConfigException(REGISTRY_INSTANCE, instance.getClass().getName(),
                    "must be an io.meridian.schemas.registry.SchemaRegistry instance");
        }
        if (configs.get(SCHEMA_REGISTRY_URL) == null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required by the Avro serdes "
                    + "(e.g. http://localhost:8081), or pass a registry instance as " + REGISTRY_INSTANCE);
        }
        try {
            return new OwnedRegistry(new HttpSchemaRegistryClient(RegistrySettings.fromConfig(configs)), true);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static boolean flag(Map<String, ?> configs, String name, boolean defaultValue) {
        Object value = configs.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(name, value, "must be true or false");
    }

    static Class<?> specificClass(Map<String, ?> configs) {
        Object value = configs.get(SPECIFIC_CLASS);
        if (value == null || value instanceof Class<?>) {
            return (Class<?>) value;
        }
        String name = value.toString().trim();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, true, loader == null ? AvroSerdeConfig.class.getClassLoader() : loader);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(SPECIFIC_CLASS, name, "no such class on the classpath; name a class "
                    + "generated from the .avsc files, e.g. io.meridian.schemas.FileEvent");
        }
    }
}
