package io.meridian.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * An S3 endpoint with the keys to sign requests for it. Keys come from the environment or a file
 * named by a silo's {@code credentials} reference, never from the config itself, and
 * {@link #toString()} never shows the secret.
 */
public record S3Endpoint(String url, String accessKey, String secretKey) {

    @Override
    public String toString() {
        return "S3Endpoint[url=" + url + ", accessKey=" + accessKey + ", secretKey=****]";
    }

    /**
     * The endpoint and keys of an S3 silo: {@code embedded} resolves to the running embedded endpoint;
     * {@code env:NAME} reads NAME_ACCESS_KEY and NAME_SECRET_KEY; {@code file:PATH} reads a properties
     * file with {@code accessKey} and {@code secretKey}.
     *
     * @throws IllegalArgumentException naming the silo and what to set when something is missing
     */
    public static S3Endpoint forSilo(SiloConfig silo, S3Endpoint embedded, UnaryOperator<String> env) {
        if ("embedded".equals(silo.endpoint())) {
            if (embedded == null) {
                throw new IllegalArgumentException("silo " + silo.id() + " uses the embedded S3 endpoint: start ./meridian up first");
            }
            return embedded;
        }
        String ref = silo.credentials();
        if (ref == null) {
            throw new IllegalArgumentException("silo " + silo.id() + " has no credentials: add credentials: env:NAME or file:PATH");
        }
        if (ref.startsWith("env:")) {
            String name = ref.substring(4);
            return new S3Endpoint(silo.endpoint(), required(env, name + "_ACCESS_KEY", silo), required(env, name + "_SECRET_KEY", silo));
        }
        return fromFile(silo.endpoint(), Path.of(ref.substring(5)), silo.id());
    }

    /** Reads {@code accessKey} and {@code secretKey} from a properties file (the format {@code up} writes). */
    public static S3Endpoint fromFile(String url, Path file, String owner) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(owner + ": cannot read credentials file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String access = props.getProperty("accessKey");
        String secret = props.getProperty("secretKey");
        if (access == null || secret == null) {
            throw new IllegalArgumentException(owner + ": credentials file " + file + " needs accessKey= and secretKey= lines");
        }
        return new S3Endpoint(url, access, secret);
    }

    private static String required(UnaryOperator<String> env, String variable, SiloConfig silo) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("silo " + silo.id() + " reads its keys from the environment: set " + variable);
        }
        return value;
    }
}
