package io.meridian.config;

import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** Validates one entry of {@code silos:}. */
final class SiloParser {
    private static final Set<String> FIELDS = Set.of("id", "kind", "root", "endpoint", "bucket", "prefix", "mount",
            "site", "tier", "capacity", "cost", "watermarks", "credentials", "labels", "reconcileInterval", "notifications");
    /** Kafka's legal topic names; Meridian's own topics never carry bucket notifications. */
    private static final String TOPIC = "[a-zA-Z0-9._-]{1,249}";
    private static final String ID = "[a-z0-9][a-z0-9_-]{0,62}";
    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    /** Longest reconciliation interval; longer ones would overflow the watchers' millisecond timers. */
    private static final Duration MAX_INTERVAL = Duration.ofDays(365);

    private SiloParser() {
    }

    static SiloConfig parse(ConfigNode node, Path baseDir) {
        node.requireObject().allowOnly(FIELDS);
        String id = node.required("id", n -> matching(n, ID, "lower-case letters, digits, '-' or '_' (e.g. gpu-nvme)"));
        SiloKind kind = node.required("kind", n -> enumValue(n, SiloKind.class));
        String root = null;
        String endpoint = null;
        String bucket = null;
        String prefix = null;
        if (kind == SiloKind.POSIX) {
            root = node.required("root", n -> root(n, baseDir));
            refuse(node, "endpoint", "bucket", "prefix", "credentials");
        } else {
            endpoint = node.optional("endpoint", SiloParser::endpoint).orElse("embedded");
            bucket = node.required("bucket", n -> matching(n, BUCKET, "an S3 bucket name (3-63 lower-case letters, digits, '.', '-')"));
            prefix = node.optional("prefix", SiloParser::prefix).orElse("");
            refuse(node, "root");
        }
        String mount = node.required("mount", ConfigLoader::mount);
        String site = node.required("site", n -> matching(n, ID, "lower-case letters, digits, '-' or '_' (e.g. onprem-a)"));
        Tier tier = node.required("tier", n -> enumValue(n, Tier.class));
        long capacity = node.required("capacity", SiloParser::size);
        double[] cost = node.optional("cost", SiloParser::cost).orElse(new double[] {0, 0});
        double[] watermarks = node.optional("watermarks", SiloParser::watermarks)
                .orElse(new double[] {SiloConfig.DEFAULT_HIGH_WATERMARK, SiloConfig.DEFAULT_LOW_WATERMARK});
        String credentials = node.optional("credentials", SiloParser::credentials).orElse(null);
        if (kind == SiloKind.S3 && !"embedded".equals(endpoint) && credentials == null) {
            throw node.child("credentials").error("is required for an S3 silo on " + endpoint
                    + ": env:NAME (reads NAME_ACCESS_KEY and NAME_SECRET_KEY) or file:PATH");
        }
        return new SiloConfig(id, kind, root, endpoint, bucket, prefix, mount, site, tier, capacity, cost[0], cost[1],
                watermarks[0], watermarks[1], credentials, node.stringMap("labels"), watch(node, kind));
    }

    private static SiloWatchConfig watch(ConfigNode node, SiloKind kind) {
        Duration interval = node.optional("reconcileInterval", SiloParser::interval).orElse(null);
        if (kind == SiloKind.POSIX) {
            refuse(node, "notifications");
            return new SiloWatchConfig(interval, null, SiloWatchConfig.DEFAULT_WEBHOOK);
        }
        return node.optional("notifications", n -> notifications(n, interval))
                .orElse(new SiloWatchConfig(interval, null, SiloWatchConfig.DEFAULT_WEBHOOK));
    }

    private static SiloWatchConfig notifications(ConfigNode node, Duration interval) {
        node.requireObject().allowOnly(Set.of("kafkaTopic", "webhook"));
        String topic = node.optional("kafkaTopic", SiloParser::notificationTopic).orElse(null);
        boolean webhook = node.optional("webhook", ConfigNode::booleanValue).orElse(SiloWatchConfig.DEFAULT_WEBHOOK);
        return new SiloWatchConfig(interval, topic, webhook);
    }

    private static Duration interval(ConfigNode node) {
        Duration interval;
        try {
            interval = DurationText.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        if (interval.isZero()) {
            throw node.error("must be more than 0, e.g. 10m");
        }
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            throw node.error("must be at most " + MAX_INTERVAL.toDays() + "d, e.g. 10m");
        }
        return interval;
    }

    private static String notificationTopic(ConfigNode node) {
        String text = matching(node, TOPIC, "a Kafka topic name (letters, digits, '.', '_', '-'), e.g. minio-events");
        if (text.startsWith("meridian.")) {
            throw node.error("'" + text + "' is one of Meridian's own topics; name the topic MinIO's notify_kafka target publishes to");
        }
        return text;
    }

    static <E extends Enum<E>> E enumValue(ConfigNode node, Class<E> type) {
        String text = node.text();
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            throw node.error("'" + text + "' is not one of " + allowed);
        }
    }

    private static String matching(ConfigNode node, String pattern, String expected) {
        String text = node.text();
        if (!text.matches(pattern)) {
            throw node.error("'" + text + "' is invalid; use " + expected);
        }
        return text;
    }

    private static void refuse(ConfigNode node, String... fields) {
        for (String field : fields) {
            if (node.has(field)) {
                throw node.child(field).error("does not apply to this silo kind");
            }
        }
    }

    /** A POSIX root, absolute and normalised; relative roots are relative to the config file's directory. */
    private static String root(ConfigNode node, Path baseDir) {
        try {
            return baseDir.resolve(node.text()).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            throw node.error("'" + node.text() + "' is not a usable directory path: " + e.getReason());
        }
    }

    private static String endpoint(ConfigNode node) {
        String text = node.text();
        if (!text.equals("embedded") && !text.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw node.error("expected 'embedded' or an http(s):// URL, got '" + text + "'");
        }
        return text;
    }

    private static String prefix(ConfigNode node) {
        String text = node.text();
        if (text.startsWith("/") || text.contains("..") || text.contains("//")) {
            throw node.error("'" + text + "' is invalid; a key prefix has no leading '/', no '..' and no '//' (e.g. datasets/)");
        }
        return text;
    }

    private static long size(ConfigNode node) {
        try {
            long bytes = node.node().isIntegralNumber() ? node.longValue() : ByteSize.parse(node.text());
            if (bytes <= 0) {
                throw node.error("must be more than 0 bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static double[] cost(ConfigNode node) {
        node.requireObject().allowOnly(Set.of("storagePerGiBMonth", "egressPerGiB"));
        double storage = node.optional("storagePerGiBMonth", SiloParser::nonNegative).orElse(0.0);
        double egress = node.optional("egressPerGiB", SiloParser::nonNegative).orElse(0.0);
        return new double[] {storage, egress};
    }

    private static double nonNegative(ConfigNode node) {
        double value = node.doubleValue();
        if (value < 0) {
            throw node.error("must not be negative");
        }
        return value;
    }

    private static double[] watermarks(ConfigNode node) {
        node.requireObject().allowOnly(Set.of("high", "low"));
        double high = node.optional("high", ConfigNode::doubleValue).orElse(SiloConfig.DEFAULT_HIGH_WATERMARK);
        double low = node.optional("low", ConfigNode::doubleValue).orElse(Math.min(SiloConfig.DEFAULT_LOW_WATERMARK, high));
        if (high <= 0 || high > 1) {
            throw node.child("high").error("must be a fraction of capacity in (0, 1], e.g. 0.85");
        }
        if (low <= 0 || low >= high) {
            throw node.child("low").error("must be above 0 and below high (" + high + "), e.g. 0.70");
        }
        return new double[] {high, low};
    }

    private static String credentials(ConfigNode node) {
        String text = node.text();
        if (!text.matches("env:[A-Z_][A-Z0-9_]*|file:\\S+")) {
            throw node.error("must be a reference, env:NAME (reads NAME_ACCESS_KEY and NAME_SECRET_KEY) or file:PATH;"
                    + " keys are never written in the config");
        }
        return text;
    }
}
