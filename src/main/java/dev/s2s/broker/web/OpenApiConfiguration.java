package dev.s2s.broker.web;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** The server is relative, so the document is the same wherever the broker runs (see openapi.yaml). */
	@Bean
	OpenAPI brokerApi() {
		return new OpenAPI()
			.info(new Info().title("s2s-broker")
				.version("v1")
				.description("""
						Provisions IBM Cloud IAM service-to-service authorizations from high-level intents. \
						An intent (e.g. "enable Backup for VPC in account X") expands by a recipe into IAM \
						authorization policy documents, which the broker records, submits to the IAM Policy \
						Management API with retries, and reports on.""")
				.license(new License().name("Apache-2.0")))
			.servers(List.of(new Server().url("/").description("This broker")));
	}

}
