package io.meridian.query.partition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where peers reach a partitioned serve: never a loopback address when it listens on every interface. */
class AdvertisedHostTest {
    @Test
    void theSettingWinsThenTheBindAddressThenThisHostsAddress() throws Exception {
        assertThat(PartitionedQueryTier.advertisedHost("0.0.0.0", " 10.1.2.3 ")).isEqualTo("10.1.2.3");
        assertThat(PartitionedQueryTier.advertisedHost("127.0.0.1", null)).isEqualTo("127.0.0.1");
        assertThat(PartitionedQueryTier.advertisedHost("192.168.1.5", "")).isEqualTo("192.168.1.5");
        assertThat(PartitionedQueryTier.advertisedHost("0.0.0.0", null))
                .isEqualTo(java.net.InetAddress.getLocalHost().getHostAddress());
    }
}
