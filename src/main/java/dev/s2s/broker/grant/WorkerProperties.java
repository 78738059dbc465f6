package dev.s2s.broker.grant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The background worker that submits recorded policies to IAM.
 *
 * @param enabled whether this instance submits at all (off: it only records and answers)
 * @param pollInterval how often an idle worker looks for pending work that another
 * instance recorded
 * @param claimTimeout how long a claimed policy stays with this instance without news
 * before another may take it
 * @param shutdownGrace on shutdown, how long in-flight submissions may take to finish
 * before they are interrupted and their policies released for the next instance
 * @param instanceId this instance's name in claims; defaults to the host name (the pod
 * name on Kubernetes), so a restarted instance takes back at once what its previous run
 * held
 * @param maxConcurrency the most policies this instance works on at IAM at once (the one
 * knob of an instance's pace: each policy is one exchange with IAM at a time); every 429
 * halves the current limit, every success raises it by one again (was
 * {@code broker.iam.max-concurrency})
 * @param clusterMaxConcurrency the most policies all instances sharing the database work
 * on at IAM at once, counted from their live claims: IAM's limits hold for the API key,
 * not for one instance (was {@code broker.iam.cluster-max-concurrency})
 */
@Validated
@ConfigurationProperties("broker.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("2m") @NotNull Duration claimTimeout,
		@DefaultValue("10s") @NotNull Duration shutdownGrace, String instanceId,
		@DefaultValue("8") @Min(1) @Max(1024) int maxConcurrency,
		@DefaultValue("32") @Min(1) int clusterMaxConcurrency) {

	public WorkerProperties {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = hostName();
		}
	}

	private static String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "s2s-broker";
		}
	}

}
