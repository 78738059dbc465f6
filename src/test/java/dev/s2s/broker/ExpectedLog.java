package dev.s2s.broker;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * What one logger logs while a test provokes it on purpose (a database gone
 * mid-submission, a catalog that stops start-up): kept for the test to assert, and off
 * the console, so the test log holds no ERROR a reader has to wonder about.
 */
public final class ExpectedLog implements AutoCloseable {

	private final Logger logger;

	private final boolean additive;

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private ExpectedLog(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.additive = logger.isAdditive();
		events.start();
		logger.addAppender(events);
		logger.setAdditive(false);
	}

	/**
	 * Catches what the logger {@code name} logs until closed. Open it once the
	 * application has started: a start configures logging afresh and drops the catch.
	 */
	public static ExpectedLog of(String name) {
		return new ExpectedLog(name);
	}

	/** The messages logged at {@code level}, formatted, in order. */
	public List<String> messages(Level level) {
		synchronized (events) {
			return events.list.stream()
				.filter(event -> event.getLevel() == level)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	@Override
	public void close() {
		logger.setAdditive(additive);
		logger.detachAppender(events);
		events.stop();
	}

}
