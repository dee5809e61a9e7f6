package io.meridian.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void shouldReadConfluentPropertyNames() {
        RegistrySettings settings = RegistrySettings.fromConfig(Map.of(
                RegistrySettings.URL, "https://sr-1:8081, https://sr-2:8081",
                RegistrySettings.CREDENTIALS_SOURCE, "USER_INFO",
                RegistrySettings.USER_INFO, "svc-meridian:pw:with:colons",
                RegistrySettings.TRUSTSTORE_LOCATION, "/etc/meridian/registry-trust.p12",
                RegistrySettings.TRUSTSTORE_PASSWORD, "trustpw",
                RegistrySettings.TRUSTSTORE_TYPE, "PKCS12",
                RegistrySettings.TIMEOUT_MS, "2500"));

        assertThat(settings.urls()).containsExactly(URI.create("https://sr-1:8081"), URI.create("https://sr-2:8081"));
        assertThat(settings.basicAuthUserInfo()).isEqualTo("svc-meridian:pw:with:colons");
        assertThat(settings.basicAuthUser()).isEqualTo("svc-meridian");
        assertThat(settings.trustStore()).isEqualTo(Path.of("/etc/meridian/registry-trust.p12"));
        assertThat(settings.trustStorePassword()).isEqualTo("trustpw");
        assertThat(settings.trustStoreType()).isEqualTo("PKCS12");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldDefaultToNoAuthJksAndTenSeconds() {
        RegistrySettings settings = RegistrySettings.of("http://localhost:8081");

        assertThat(settings.basicAuthUserInfo()).isNull();
        assertThat(settings.trustStore()).isNull();
        assertThat(settings.trustStoreType()).isEqualTo("JKS");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.failoverUrls()).isEmpty();
    }

    @Test
    void shouldTakeCredentialsFromUrlWhenSourceIsUrlOrUnset() {
        RegistrySettings settings = RegistrySettings.of("http://svc:p%40ss@registry:8081/apis/ccompat/v7");

        assertThat(settings.basicAuthUserInfo()).isEqualTo("svc:p@ss");
        assertThat(settings.url()).isEqualTo(URI.create("http://registry:8081/apis/ccompat/v7"));
    }

    @Test
    void shouldRefuseUserInfoSourceWithoutUserInfo() {
        assertThatThrownBy(() -> RegistrySettings.fromConfig(Map.of(RegistrySettings.URL, "http://sr:8081",
                RegistrySettings.CREDENTIALS_SOURCE, "USER_INFO")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RegistrySettings.USER_INFO);
    }

    @Test
    void shouldRefuseUnsupportedCredentialsSourceNamingTheProperty() {
        assertThatThrownBy(() -> RegistrySettings.fromConfig(Map.of(RegistrySettings.URL, "http://sr:8081",
                RegistrySettings.CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RegistrySettings.CREDENTIALS_SOURCE)
                .hasMessageContaining("SASL_INHERIT");
    }

    @Test
    void shouldRefuseMissingOrNonHttpUrlNamingTheProperty() {
        assertThatThrownBy(() -> RegistrySettings.fromConfig(Map.of()))
                .hasMessageContaining(RegistrySettings.URL);
        assertThatThrownBy(() -> RegistrySettings.of("embedded"))
                .hasMessageContaining(RegistrySettings.URL).hasMessageContaining("embedded");
        assertThatThrownBy(() -> RegistrySettings.of("ftp://sr:21"))
                .hasMessageContaining(RegistrySettings.URL).hasMessageContaining("http");
    }

    @Test
    void shouldMaskEverySecretInToString() {
        RegistrySettings settings = new RegistrySettings(URI.create("https://sr:8081"), "svc:userpw",
                Path.of("/trust.jks"), "storepw", null, null, List.of(URI.create("https://sr-2:8081")));

        assertThat(settings.toString()).contains("svc:****", "https://sr-2:8081", "/trust.jks")
                .doesNotContain("userpw").doesNotContain("storepw");
    }

    @Test
    void shouldAppendApiPathsToBaseUrlKeepingItsPrefix() {
        assertThat(RegistryTransport.resolve(URI.create("http://apicurio:8080/apis/ccompat/v7/"), "/subjects"))
                .isEqualTo(URI.create("http://apicurio:8080/apis/ccompat/v7/subjects"));
        assertThat(RegistryTransport.resolve(URI.create("http://sr:8081"), "/schemas/ids/1"))
                .isEqualTo(URI.create("http://sr:8081/schemas/ids/1"));
    }
}
