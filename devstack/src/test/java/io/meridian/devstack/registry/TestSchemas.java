package io.meridian.devstack.registry;

/** Avro schemas of one record type in several versions, for registry tests. */
final class TestSchemas {
    /** Version 1: only a path. */
    static final String V1 = record("{\"name\":\"path\",\"type\":\"string\"}");
    /** Version 1 with other whitespace: the same schema. */
    static final String V1_REFORMATTED = V1.replace(",", " ,\n  ").replace(":", " : ");
    /** Adds a field with a default: BACKWARD compatible with V1. */
    static final String V2_WITH_DEFAULT = record("{\"name\":\"path\",\"type\":\"string\"},"
            + "{\"name\":\"size\",\"type\":\"long\",\"default\":0}");
    /** Adds a field without a default: not BACKWARD compatible with V1. */
    static final String V2_WITHOUT_DEFAULT = record("{\"name\":\"path\",\"type\":\"string\"},"
            + "{\"name\":\"owner\",\"type\":\"string\"}");

    private TestSchemas() {
    }

    /** A record schema with the given fields. */
    static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"FileEvent\",\"namespace\":\"test.meridian\",\"fields\":[" + fields + "]}";
    }

    /** A distinct record schema per {@code n}, for tests that need many. */
    static String numbered(int n) {
        return "{\"type\":\"record\",\"name\":\"Numbered" + n + "\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    }
}
