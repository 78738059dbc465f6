/**
 * Starts the IAM stand-in as a process of its own (dev.s2s.broker.standin.StandInServer, test code):
 * its options are StandInServer's. Launched as a source file on the test classpath, so the test
 * classes hold one main class only, TestBrokerApplication's, which ./mvnw spring-boot:test-run runs:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench-classpath) bench/StandIn.java --port=18290 --latency=50ms
 * </pre>
 */
public class StandIn {

	public static void main(String[] args) throws InterruptedException {
		dev.s2s.broker.standin.StandInServer.run(args);
	}

}
