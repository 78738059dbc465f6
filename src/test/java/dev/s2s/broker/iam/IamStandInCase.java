package dev.s2s.broker.iam;

import dev.s2s.broker.standin.IamStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the IAM adapter against an IAM stand-in of its class's own, reset (policies,
 * tokens, profiles, faults) before every case; a subclass's own set-up runs after.
 */
abstract class IamStandInCase {

	protected static IamStandIn iam;

	@BeforeAll
	static void startIam() {
		iam = IamStandIn.start();
	}

	@AfterAll
	static void stopIam() {
		iam.close();
	}

	@BeforeEach
	void freshIam() {
		iam.reset();
	}

}
