package io.meridian.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.registry.FakeRegistryServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client trusts a registry's certificate through Confluent's truststore properties. */
@Tag("integration")
class RegistryTlsTest {

    private static final String STORE_PASSWORD = "changeit-server";
    private static final String TRUST_PASSWORD = "changeit-trust";
    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    @TempDir
    static Path keys;

    @BeforeAll
    static void createCertificate() throws Exception {
        // keytool ships with every JDK; a fresh self-signed certificate for 127.0.0.1 per run.
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keys.resolve("server.p12").toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keys.resolve("server.p12").toString(),
                "-storepass", STORE_PASSWORD, "-file", keys.resolve("registry.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", keys.resolve("registry.cer").toString(),
                "-storetype", "JKS", "-keystore", keys.resolve("trust.jks").toString(), "-storepass", TRUST_PASSWORD);
    }

    @Test
    void shouldTrustRegistryCertificateFromTrustStore() throws Exception {
        try (FakeRegistryServer server = FakeRegistryServer.startTls(serverContext(),
                request -> Answer.json(200, "{\"id\":21}"))) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistrySettings.fromConfig(Map.of(
                    RegistrySettings.URL, server.url(),
                    RegistrySettings.TRUSTSTORE_LOCATION, keys.resolve("trust.jks").toString(),
                    RegistrySettings.TRUSTSTORE_PASSWORD, TRUST_PASSWORD)));

            assertThat(server.url()).startsWith("https://");
            assertThat(client.register("files-value", STRING)).isEqualTo(21);
        }
    }

    @Test
    void shouldRefuseRegistryCertificateNotInDefaultTrust() throws Exception {
        try (FakeRegistryServer server = FakeRegistryServer.startTls(serverContext(),
                request -> Answer.json(200, "{\"id\":21}"))) {
            assertThatThrownBy(() -> HttpSchemaRegistryClient.of(server.url()).register("files-value", STRING))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(server.url());
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void shouldNameTrustStoreButNotPasswordWhenPasswordIsWrong() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(RegistrySettings.fromConfig(Map.of(
                RegistrySettings.URL, "https://127.0.0.1:8081",
                RegistrySettings.TRUSTSTORE_LOCATION, keys.resolve("trust.jks").toString(),
                RegistrySettings.TRUSTSTORE_PASSWORD, "wrong-secret-pw"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust.jks")
                .hasMessageContaining(RegistrySettings.TRUSTSTORE_PASSWORD)
                .hasMessageNotContaining("wrong-secret-pw");
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("server.p12"))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keysFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keysFactory.init(store, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keysFactory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool " + args[0] + ": " + output).isZero();
    }
}
