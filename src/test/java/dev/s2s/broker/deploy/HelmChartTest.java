package dev.s2s.broker.deploy;

import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The Helm chart, linted and rendered by real Helm (helm-java ships Helm's native
 * library).
 */
class HelmChartTest {

	private static final Path CHART = Path.of("helm/s2s-broker");

	private static final String TEAM_CATALOG = """
			# The platform team's recipes.
			recipes:
			  - name: team-cos
			    title: Team COS
			    description: "Object Storage reads keys, as written: {kept}, quoted."
			    parameters: []
			    policies: []
			""";

	@TempDir
	Path directory;

	@Test
	void lintsCleanly() {
		LintResult lint = new Helm(CHART).lint().call();

		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void rendersAHardenedDeploymentWithSecretsFromAnExistingSecret() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("broker"));

		assertThat(kinds(manifests)).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment",
				"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");
		Map<String, Object> pod = path(one(manifests, "Deployment"), "spec", "template", "spec");
		assertThat(path(pod, "securityContext")).containsEntry("runAsNonRoot", true);
		Map<String, Object> container = first(pod.get("containers"));
		assertThat(path(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(path(container, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		assertThat(path(container, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
		assertThat(path(container, "startupProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		List<Map<String, Object>> env = list(container.get("env"));
		assertThat(env).filteredOn(variable -> variable.get("name").equals("BROKER_IAM_API_KEY"))
			.singleElement()
			.satisfies(variable -> assertThat(path(variable, "valueFrom", "secretKeyRef")).containsEntry("name",
					"s2s-broker"));
		assertThat(env).noneMatch(
				variable -> variable.get("name").toString().contains("API_KEY") && variable.containsKey("value"));
		assertThat(path(one(manifests, "HorizontalPodAutoscaler"), "spec")).containsEntry("minReplicas", 2);
		assertThat(path(one(manifests, "ConfigMap"), "data")).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
			.doesNotContainKey("BROKER_IAM_API_KEY");
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 45);
		assertThat(path(one(manifests, "ConfigMap"), "data")).doesNotContainKey("BROKER_RECIPES_LOCATIONS");
		assertThat(list(container.get("volumeMounts"))).extracting(mount -> mount.get("name")).containsExactly("tmp");
	}

	@Test
	void mountsTheOperatorsRecipeFilesReadOnlyAndNamesThemToTheBroker() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				recipes:
				  extra:
				    team.yaml: |
				%s
				    other.yaml:
				      recipes:
				        - name: other
				          title: Other
				""".formatted(TEAM_CATALOG.indent(6).stripTrailing()));

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").withValuesFile(values));

		Map<String, Object> recipes = manifests.stream()
			.filter(manifest -> "broker-s2s-broker-recipes".equals(path(manifest, "metadata").get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(recipes).containsEntry("kind", "ConfigMap");
		assertThat(path(recipes, "data")).containsOnlyKeys("team.yaml", "other.yaml")
			.containsEntry("team.yaml", TEAM_CATALOG);
		assertThat(new Yaml().<Object>load((String) path(recipes, "data").get("other.yaml")))
			.isEqualTo(Map.of("recipes", List.of(Map.of("name", "other", "title", "Other"))));
		Map<String, Object> deployment = one(manifests, "Deployment");
		Map<String, Object> pod = path(deployment, "spec", "template", "spec");
		assertThat(list(first(pod.get("containers")).get("volumeMounts")))
			.filteredOn(mount -> mount.get("name").equals("recipes"))
			.singleElement()
			.satisfies(mount -> assertThat(mount).containsEntry("mountPath", "/etc/s2s-broker/recipes")
				.containsEntry("readOnly", true));
		assertThat(list(pod.get("volumes"))).filteredOn(volume -> volume.get("name").equals("recipes"))
			.singleElement()
			.satisfies(
					volume -> assertThat(path(volume, "configMap")).containsEntry("name", "broker-s2s-broker-recipes"));
		assertThat(path(manifests.stream()
			.filter(manifest -> "broker-s2s-broker".equals(path(manifest, "metadata").get("name"))
					&& "ConfigMap".equals(manifest.get("kind")))
			.findFirst()
			.orElseThrow(), "data")).containsEntry("BROKER_RECIPES_LOCATIONS",
					"file:/etc/s2s-broker/recipes/other.yaml,file:/etc/s2s-broker/recipes/team.yaml");
		assertThat(path(deployment, "spec", "template", "metadata", "annotations")).containsKey("checksum/recipes");
	}

	@Test
	void takesAStringOfRecipesAsOneFile() throws IOException {
		Path catalog = Files.writeString(directory.resolve("team.yaml"), TEAM_CATALOG);

		List<Map<String, Object>> manifests = render(
				new Helm(CHART).template().withName("broker").setFile("recipes.extra", catalog));

		assertThat(manifests)
			.filteredOn(manifest -> "broker-s2s-broker-recipes".equals(path(manifest, "metadata").get("name")))
			.singleElement()
			.satisfies(recipes -> assertThat(path(recipes, "data"))
				.containsExactly(Map.entry("extra.yaml", TEAM_CATALOG)));
	}

	@Test
	void refusesARecipeFileNameAConfigMapCannotHold() throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				recipes:
				  extra:
				    "team/cos.yaml": "recipes: []"
				""");

		assertThatException()
			.isThrownBy(() -> new Helm(CHART).template().withName("broker").withValuesFile(values).call())
			.withMessageContaining("\"team/cos.yaml\" is not a file name");
	}

	@Test
	void rendersACustomisedRelease() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("broker")
			.set("autoscaling.enabled", "false")
			.set("replicaCount", "3")
			.set("serviceMonitor.enabled", "true")
			.set("networkPolicy.enabled", "false")
			.set("config.databaseUrl", "jdbc:postgresql://db.internal:5432/s2s"));

		assertThat(kinds(manifests)).contains("ServiceMonitor")
			.doesNotContain("HorizontalPodAutoscaler", "NetworkPolicy");
		assertThat(path(one(manifests, "Deployment"), "spec")).containsEntry("replicas", 3);
		assertThat(path(one(manifests, "ConfigMap"), "data")).containsEntry("SPRING_DATASOURCE_URL",
				"jdbc:postgresql://db.internal:5432/s2s");
		assertThat(first(path(one(manifests, "ServiceMonitor"), "spec").get("endpoints"))).containsEntry("path",
				"/actuator/prometheus");
	}

	private static List<Map<String, Object>> render(TemplateCommand template) {
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(template.call())) {
			if (document instanceof Map<?, ?> map) {
				manifests.add(cast(map));
			}
		}
		return manifests;
	}

	private static List<String> kinds(List<Map<String, Object>> manifests) {
		return manifests.stream().map(manifest -> (String) manifest.get("kind")).toList();
	}

	private static Map<String, Object> one(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> path(Map<String, Object> map, String... keys) {
		Map<String, Object> current = map;
		for (String key : keys) {
			Object next = current.get(key);
			if (next == null) {
				return null;
			}
			current = cast(next);
		}
		return current;
	}

	private static Map<String, Object> first(Object list) {
		return list(list).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object list) {
		return (List<Map<String, Object>>) list;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object map) {
		return (Map<String, Object>) map;
	}

}
