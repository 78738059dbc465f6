package dev.s2s.broker.standin;

/**
 * One IAM stand-in for every integration test of a test run, so cached Spring contexts
 * stay valid.
 */
public final class SharedIamStandIn {

	private static IamStandIn instance;

	private SharedIamStandIn() {
	}

	public static synchronized IamStandIn get() {
		if (instance == null) {
			instance = IamStandIn.start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
		}
		return instance;
	}

}
