package io.meridian.devstack;

import io.meridian.devstack.s3.S3Credentials;

/**
 * Where the parts of a running {@link DevStack} listen. A part that is not running has null fields.
 * Safe to log: {@link S3Credentials#toString()} hides the secret key.
 *
 * @param kafkaBootstrap  Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
 * @param registryUrl     schema registry base URL, e.g. {@code http://127.0.0.1:8081}
 * @param s3Endpoint      S3 endpoint URL (path-style buckets), e.g. {@code http://127.0.0.1:9000}
 * @param s3Credentials   the keys S3 requests must be signed with
 */
public record Endpoints(String kafkaBootstrap, String registryUrl, String s3Endpoint, S3Credentials s3Credentials) {
}
