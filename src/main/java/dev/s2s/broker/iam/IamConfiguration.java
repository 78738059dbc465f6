package dev.s2s.broker.iam;

import java.net.http.HttpClient;
import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class IamConfiguration {

	@Bean
	IamPolicies iamPolicies(RestClient.Builder restClients, IamProperties properties, JsonMapper json) {
		return create(restClients, properties, json, new ThreadWaitSleeper());
	}

	/** The adapter as production wires it; tests build it the same way against the IAM stand-in. */
	static IamPolicies create(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			Sleeper sleeper) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build());
		requests.setReadTimeout(properties.readTimeout());
		RestClient http = restClients.clone().baseUrl(properties.url().toString()).requestFactory(requests).build();
		return new IamPolicies(http, new IamTokens(properties), json, properties, sleeper,
				Clock.systemUTC());
	}

}
