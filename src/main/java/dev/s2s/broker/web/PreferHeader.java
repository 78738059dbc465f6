package dev.s2s.broker.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.ParameterCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives a handler method's {@link Prefer} parameter the request's {@code Prefer} header,
 * read once. Several {@code Prefer} headers count as one, their values joined by commas
 * (RFC 9110 §5.3), as Spring MVC joins them for a header read as a string. The OpenAPI
 * document learns of the header from the parameter's {@code @Parameter(in = HEADER)}.
 */
@Configuration(proxyBeanMethods = false)
class PreferHeader implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new Resolver());
	}

	/**
	 * The header is never required: a request without it prefers nothing. The document
	 * would call it required, as it does every parameter not marked nullable that Spring
	 * MVC does not bind itself.
	 */
	@Bean
	ParameterCustomizer preferIsOptional() {
		return (parameter, method) -> method.getParameterType() == Prefer.class ? parameter.required(false) : parameter;
	}

	private static final class Resolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Prefer.class;
		}

		@Override
		public Prefer resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
			String[] values = request.getHeaderValues(Prefer.HEADER);
			return Prefer.of(values == null ? null : String.join(",", values));
		}

	}

}
