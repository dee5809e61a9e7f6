package io.meridian.devstack.s3;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * An S3 access key and secret key. {@link #toString()} never shows the secret, so the pair may be
 * logged or printed as part of any object that holds it.
 */
public record S3Credentials(String accessKey, String secretKey) {
    private static final String ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_KEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public S3Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key and secret key must not be blank");
        }
    }

    /** A fresh pair shaped like AWS keys (20 and 40 characters) from a {@link SecureRandom}. */
    public static S3Credentials generate() {
        return new S3Credentials(randomString(ACCESS_KEY_ALPHABET, 20), randomString(SECRET_KEY_ALPHABET, 40));
    }

    @Override
    public String toString() {
        return "S3Credentials{accessKey=" + accessKey + ", secretKey=****}";
    }

    private static String randomString(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
