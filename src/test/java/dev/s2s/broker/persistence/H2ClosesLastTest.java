package dev.s2s.broker.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JDBC URLs get {@code DB_CLOSE_ON_EXIT=FALSE}: embedded H2 ones that do not say.
 */
class H2ClosesLastTest {

	@Test
	void anEmbeddedH2DatabaseClosesWithThePoolNotAtJvmExit() {
		assertThat(H2ClosesLast.closingLast("jdbc:h2:file:/var/lib/s2s/broker;MODE=PostgreSQL"))
			.isEqualTo("jdbc:h2:file:/var/lib/s2s/broker;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE");
		assertThat(H2ClosesLast.closingLast("jdbc:h2:mem:s2s;DB_CLOSE_DELAY=-1;"))
			.isEqualTo("jdbc:h2:mem:s2s;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
		assertThat(H2ClosesLast.closingLast("jdbc:h2:./broker")).isEqualTo("jdbc:h2:./broker;DB_CLOSE_ON_EXIT=FALSE");
	}

	@Test
	void leavesAloneWhatSaysItselfOrIsNoEmbeddedH2() {
		assertThat(H2ClosesLast.closingLast("jdbc:h2:mem:s2s;db_close_on_exit=TRUE"))
			.isEqualTo("jdbc:h2:mem:s2s;db_close_on_exit=TRUE");
		assertThat(H2ClosesLast.closingLast("jdbc:h2:tcp://db:9092/broker")).isEqualTo("jdbc:h2:tcp://db:9092/broker");
		assertThat(H2ClosesLast.closingLast("jdbc:postgresql://db:5432/s2s"))
			.isEqualTo("jdbc:postgresql://db:5432/s2s");
	}

}
