import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * Readiness probe used by stack.sh: asks the broker for cluster metadata through the admin
 * client and exits non-zero if it cannot get an answer. Run with the Java source launcher:
 * java -cp 'libs/*' ClusterCheck.java 127.0.0.1:59092
 */
public class ClusterCheck {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "itops-stack-check");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    try (Admin admin = Admin.create(props)) {
      DescribeClusterResult cluster = admin.describeCluster();
      String clusterId = cluster.clusterId().get(10, TimeUnit.SECONDS);
      int brokers = cluster.nodes().get(10, TimeUnit.SECONDS).size();
      int topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).size();
      System.out.printf("cluster %s: %d broker(s), %d topic(s)%n", clusterId, brokers, topics);
    }
  }
}
