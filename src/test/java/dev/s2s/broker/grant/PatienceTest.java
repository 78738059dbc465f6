package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.s2s.broker.web.ApiProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PatienceTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void readsAgainUntilTheWorkIsDone() {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 1), meters);
		AtomicInteger reads = new AtomicInteger();

		Optional<Integer> done = patience.await(0, n -> n == 3, reads::incrementAndGet, Instant.now().plusSeconds(30));

		assertThat(done).hasValue(3);
	}

	@Test
	void stopsReadingAtTheDeadline() {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 1), meters);
		Instant deadline = Instant.now().plusMillis(300);

		Optional<String> reading = patience.await("pending", "done"::equals, () -> "pending", deadline);

		assertThat(reading).hasValue("pending");
		assertThat(Instant.now()).isBetween(deadline.minusMillis(10), deadline.plusMillis(200));
	}

	@Test
	void neverReadsAfterADeadlineThatHasPassed() {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 1), meters);
		AtomicInteger reads = new AtomicInteger();

		Optional<Integer> reading = patience.await(0, n -> false, reads::incrementAndGet,
				Instant.now().minusSeconds(1));

		assertThat(reading).hasValue(0);
		assertThat(reads).hasValue(0);
	}

	@Test
	void declinesAtOnceBeyondMaxWaitersAndCountsIt() throws Exception {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 1), meters);
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		ExecutorService threads = Executors.newSingleThreadExecutor();
		try {
			Future<Optional<String>> waiter = threads.submit(() -> patience.await("pending", "done"::equals, () -> {
				waiting.countDown();
				return await(finish) ? "done" : "pending";
			}, Instant.now().plusSeconds(30)));
			assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the first waiter reads").isTrue();

			Optional<String> second = patience.await("pending", "done"::equals, () -> "done",
					Instant.now().plusSeconds(30));

			assertThat(second).as("declined").isEmpty();
			assertThat(meters.get("s2s.api.waiters").gauge().value()).isEqualTo(1.0);
			assertThat(meters.get("s2s.api.waits.declined").counter().count()).isEqualTo(1.0);
			finish.countDown();
			assertThat(waiter.get(10, TimeUnit.SECONDS)).hasValue("done");
			assertThat(meters.get("s2s.api.waiters").gauge().value()).isZero();
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void workAlreadyDoneNeedsNoRoomToWait() {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 0), meters);

		assertThat(patience.await("done", "done"::equals, () -> "done", Instant.now().plusSeconds(30)))
			.hasValue("done");
		assertThat(patience.await("pending", "done"::equals, () -> "done", Instant.now().plusSeconds(30))).isEmpty();
	}

	@Test
	void refusesToWaitInsideATransactionWhichWouldHoldItsConnection() {
		Patience patience = new Patience(new ApiProperties(1048576, Duration.ofSeconds(30), 1), meters);
		TransactionSynchronizationManager.setActualTransactionActive(true);
		try {
			assertThatIllegalStateException().isThrownBy(() -> patience.await("pending", "done"::equals, () -> "done",
					Instant.now().plus(Duration.ofSeconds(1))));
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(false);
		}
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
