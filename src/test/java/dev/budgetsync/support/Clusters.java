package dev.budgetsync.support;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;

/**
 * Hazelcast configurations for clusters formed inside one test JVM: the shipped cluster.xml (so
 * Vert.x's maps are configured as in production), under a cluster name of the test's own, on a
 * port of its own, joining only the given ports, with the waits cut for a fast start.
 */
public final class Clusters {
  private Clusters() {
  }

  public static Config hazelcast(String clusterName, int port, int... members) {
    Config config = new ClasspathXmlConfig("cluster.xml");
    config.setClusterName(clusterName);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    var tcp = config.getNetworkConfig().getJoin().getTcpIpConfig().clear();
    for (int member : members) {
      tcp.addMember("127.0.0.1:" + member);
    }
    return config
        .setProperty("hazelcast.wait.seconds.before.join", "0")
        .setProperty("hazelcast.max.wait.seconds.before.join", "0")
        .setProperty("hazelcast.partition.count", "7");
  }
}
