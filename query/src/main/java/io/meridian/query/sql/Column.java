package io.meridian.query.sql;

import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a Meridian table: its SQL name and type and how to read it from a row object.
 * Values use Calcite's internal representation: TIMESTAMP as epoch millis ({@code Long}), MAP as
 * {@code java.util.Map}, ARRAY as {@code java.util.List}.
 */
record Column<R>(String name, SqlTypeName typeName, Function<RelDataTypeFactory, RelDataType> type,
                 Function<R, Object> value) {

    static <R> Column<R> of(String name, SqlTypeName type, Function<R, Object> value) {
        return new Column<>(name, type, f -> f.createTypeWithNullability(f.createSqlType(type), true), value);
    }

    static <R> Column<R> stringMap(String name, Function<R, Object> value) {
        return new Column<>(name, SqlTypeName.MAP, f -> f.createTypeWithNullability(f.createMapType(
                f.createSqlType(SqlTypeName.VARCHAR), f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true)),
                true), value);
    }

    static <R> Column<R> stringArray(String name, Function<R, Object> value) {
        return new Column<>(name, SqlTypeName.ARRAY, f -> f.createTypeWithNullability(
                f.createArrayType(f.createSqlType(SqlTypeName.VARCHAR), -1), true), value);
    }
}
