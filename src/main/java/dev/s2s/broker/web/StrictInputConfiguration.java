package dev.s2s.broker.web;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strict JSON for every request body: unknown properties, duplicate keys and values of
 * the wrong type (a number where a string belongs) are refused, strings and nesting are
 * bounded, and bodies larger than {@code broker.api.max-body-bytes} are refused before
 * they are read.
 */
@Configuration(proxyBeanMethods = false)
class StrictInputConfiguration {

	static final int MAX_STRING_LENGTH = 10_000;

	static final int MAX_NESTING_DEPTH = 32;

	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.withCoercionConfig(LogicalType.Textual,
					config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	@Bean
	JsonFactoryBuilderCustomizer boundedJson() {
		return builder -> builder.streamReadConstraints(StreamReadConstraints.builder()
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.build());
	}

	@Bean
	FilterRegistrationBean<BodySizeLimit> bodySizeLimit(ApiProperties properties, JsonMapper json, Clock clock) {
		FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
				new BodySizeLimit(properties.maxBodyBytes(), properties.bodyReadTimeout(), json, clock));
		registration.addUrlPatterns("/v1/*");
		// After Spring Security: an unauthenticated request is refused before any of its
		// body is read.
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 5);
		return registration;
	}

	/**
	 * Tomcat refuses an encoded slash ({@code %2F}) in a path with an HTML page before
	 * Spring sees the request. Passed through still encoded, it stays inside one path
	 * segment, where an id that is not an id gets the usual 400 or 404 problem.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheApi() {
		return factory -> factory
			.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
	}

	/**
	 * Tomcat's own error answers are problems too (see {@link ProblemReportValve}), and a
	 * refused body is dropped, not drained (see {@link RefusedBodiesAreDropped}).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatRefusals() {
		return factory -> factory.addContextCustomizers(context -> {
			context.getPipeline().addValve(new RefusedBodiesAreDropped());
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
			}
		});
	}

}
