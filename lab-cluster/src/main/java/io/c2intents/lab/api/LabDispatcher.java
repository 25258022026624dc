package io.c2intents.lab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.lab.cilium.CiliumCrds;
import io.c2intents.lab.cilium.CiliumPolicyStore;
import io.c2intents.lab.cilium.CiliumPolicyValidator;
import io.c2intents.lab.controller.WorkloadController;
import io.c2intents.lab.pod.PodRegistry;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.shell.CommandSet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The lab's API server: Fabric8's CRUD mock for storage, watches and patches, with what a real API server adds in
 * front of it: discovery for kubectl, admission (namespaces must exist, Deployments must be well formed, Cilium
 * policies must pass Cilium's schema, else 422), the {@code exec}, {@code log}, {@code eviction} and {@code scale}
 * subresources, field selectors, and clear refusals (415) for strategic merge and server-side apply. Every
 * successful write is passed on to the controller and the policy store.
 * <p>
 * Requests arrive on the mock server's event loop: nothing here blocks on I/O, and exec commands run on workers.
 * An exception answers 500 with a Status, never a hung connection.
 */
public final class LabDispatcher extends KubernetesMixedDispatcher {

    private static final Logger LOG = Logger.getLogger(LabDispatcher.class);
    private static final Set<String> FIELDS_THE_STORE_MATCHES = Set.of("metadata.name", "metadata.namespace");
    private static final Set<String> RECONCILED = Set.of("deployments", "replicasets", "pods", "nodes", "namespaces");

    private final ApiStore store;
    private final ExecutorService execWorkers;
    private final ScheduledExecutorService execTimer;
    private volatile String serverAddress = "127.0.0.1";
    private volatile WorkloadController controller;
    private volatile CiliumPolicyStore policies;
    private volatile CiliumPolicyValidator validator;
    private volatile PodRegistry pods;
    private volatile CommandSet commands;
    /** Stored CRDs for discovery; Cilium's are large, so they are read again only after a CRD write. */
    private volatile List<JsonNode> crdCache;

    public LabDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses,
            List<CustomResourceDefinitionContext> crdContexts) {
        super(responses, crdContexts);
        this.store = new ApiStore(request -> LabDispatcher.super.dispatch(request), this::written);
        AtomicInteger threads = new AtomicInteger();
        this.execWorkers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "lab-exec-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.execTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lab-exec-stdin");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The in-process store, for the controller and the lab's own components. */
    public ApiStore store() {
        return store;
    }

    /** Connects the parts that are built after the dispatcher (they need its store). */
    public void attach(WorkloadController controller, CiliumPolicyStore policies, CiliumPolicyValidator validator,
            PodRegistry pods, CommandSet commands, String serverAddress) {
        this.controller = controller;
        this.policies = policies;
        this.validator = validator;
        this.pods = pods;
        this.commands = commands;
        this.serverAddress = serverAddress;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return withContentType(typedList(request, route(request)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "the lab failed on %s %s", request.getMethod(), request.getPath());
            return ApiStatus.failure(500, "InternalError", "the lab cluster failed on " + request.getMethod() + " "
                    + request.getPath() + ": " + e);
        }
    }

    @Override
    public void shutdown() {
        execWorkers.shutdownNow();
        execTimer.shutdownNow();
        super.shutdown();
    }

    private MockResponse route(RecordedRequest received) {
        RecordedRequest request = received;
        QueryString query = QueryString.parse(request.getPath());
        String path = query.path();
        String method = request.getMethod();
        if (contentType(request).startsWith("application/vnd.kubernetes.protobuf")) {
            return ApiStatus.failure(415, "UnsupportedMediaType", "the lab cluster reads JSON bodies only, not "
                    + "Kubernetes protobuf: write the object to a file and use kubectl create/apply -f "
                    + "--validate=false, or a Fabric8 client");
        }
        if (method.equals("GET")) {
            Optional<JsonNode> discovery = Discovery.serve(path, serverAddress, storedCrds());
            if (discovery.isPresent()) {
                return ApiStatus.json(200, discovery.get());
            }
            if (path.startsWith("/openapi/")) {
                return ApiStatus.failure(404, "NotFound", "the lab cluster serves no OpenAPI documents: "
                        + "use kubectl create/apply --validate=false");
            }
        }
        ApiPath api = ApiPath.parse(path);
        if (api == null) {
            return super.dispatch(request);
        }
        if (method.equals("PATCH")) {
            request = strategicAsMerge(api, request);
            MockResponse refused = refuseUnsupportedPatch(api, request);
            if (refused != null) {
                return refused;
            }
        }
        if (api.subresource() != null) {
            switch (api.subresource()) {
                case "exec" -> {
                    return exec(api, query, request);
                }
                case "log" -> {
                    return log(api, query);
                }
                case "eviction" -> {
                    return method.equals("POST") ? evict(api) : methodNotAllowed(method, api);
                }
                case "scale" -> {
                    if (api.resource().equals("deployments") || api.resource().equals("replicasets")) {
                        return scale(api, request);
                    }
                }
                case "attach", "portforward", "proxy" -> {
                    return ApiStatus.failure(400, "BadRequest", "pods/" + api.subresource()
                            + " is not supported by the lab cluster");
                }
                default -> {
                }
            }
        }
        boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (write) {
            MockResponse refused = admit(api, request);
            if (refused != null) {
                return refused;
            }
            if (query.first("dryRun") != null) {
                return dryRun(api, request);
            }
        }
        if (method.equals("GET") && !query.flag("watch")
                && TableRenderer.wanted(request.getHeader("Accept"), api.resource()) && api.subresource() == null) {
            MockResponse plain = query.first("fieldSelector") != null ? withFieldSelector(request, query)
                    : super.dispatch(request);
            if (plain.code() != 200 || plain.getBody() == null) {
                return plain.code() == 404 && api.name() != null
                        ? ApiStatus.notFound(api.group(), api.resource(), api.name()) : plain;
            }
            try {
                return ApiStatus.json(200, TableRenderer.render(api.resource(),
                        ApiStatus.JSON.readTree(plain.getBody().getBytes())));
            } catch (IOException e) {
                return plain;
            }
        }
        if (method.equals("GET") && query.first("fieldSelector") != null) {
            return withFieldSelector(request, query);
        }
        MockResponse response = super.dispatch(method.equals("PATCH") ? nullsRemove(api, request) : request);
        if ((write || method.equals("DELETE")) && response.code() >= 200 && response.code() < 300) {
            written(method, api);
        }
        if (response.code() == 409 && method.equals("POST")) {
            JsonNode body = bodyJson(request);
            String name = body == null ? "" : body.path("metadata").path("name").asText("");
            String qualified = api.group().isEmpty() ? api.resource() : api.resource() + "." + api.group();
            return ApiStatus.failure(409, "AlreadyExists", qualified + " \"" + name + "\" already exists");
        }
        if (response.code() == 404 && api.name() != null && (response.getBody() == null
                || response.getBody().size() == 0)) {
            // the store answers a bare 404; clients print the API server's Status message
            return ApiStatus.notFound(api.group(), api.resource(), api.name());
        }
        return response;
    }

    /**
     * A JSON merge patch whose {@code null}s must delete keys (RFC 7386; {@code kubectl label pod p key-} sends one),
     * turned into the JSON patch that gives the same object: the mock's own merge stores the {@code null}s.
     */
    private RecordedRequest nullsRemove(ApiPath api, RecordedRequest request) {
        if (!contentType(request).startsWith(JsonPatches.MERGE) || api.name() == null) {
            return request;
        }
        JsonNode patch = bodyJson(request);
        if (patch == null || !JsonPatches.hasNull(patch)) {
            return request;
        }
        Optional<JsonNode> current = store.get(api.objectPath(), JsonNode.class);
        if (current.isEmpty()) {
            return request;
        }
        JsonNode ops = JsonDiff.asJson(current.get(), JsonPatches.apply(JsonPatches.MERGE, current.get(), patch));
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                Headers.builder().add("Content-Type", JsonPatches.JSON).build(),
                new Buffer().writeUtf8(ops.toString()));
    }

    // ---- admission -------------------------------------------------------------------------------------------

    /**
     * A strategic merge patch with no list and no {@code $} directive means the same as a JSON merge patch (lists
     * are where the two differ): {@code kubectl cordon}, {@code uncordon}, {@code drain}'s cordon and most
     * {@code kubectl patch} one-liners send exactly that, so they are applied as merge patches.
     */
    private static RecordedRequest strategicAsMerge(ApiPath api, RecordedRequest request) {
        if (!contentType(request).startsWith(JsonPatches.STRATEGIC) || !builtIn(api)) {
            return request;
        }
        JsonNode patch = bodyJson(request);
        if (patch == null || !patch.isObject() || !JsonPatches.plainMerge(patch)) {
            return request;
        }
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                Headers.builder().add("Content-Type", JsonPatches.MERGE).build(), request.getBody());
    }

    /** Kubernetes' own API groups; custom resources' groups (cilium.io, ...) have a dot and another suffix. */
    private static boolean builtIn(ApiPath api) {
        return !api.group().contains(".") || api.group().endsWith(".k8s.io");
    }

    private MockResponse refuseUnsupportedPatch(ApiPath api, RecordedRequest request) {
        String type = contentType(request);
        if (type.startsWith(JsonPatches.STRATEGIC) && !builtIn(api)) {
            // as a real API server answers for custom resources
            return ApiStatus.failure(415, "UnsupportedMediaType", "strategic merge patch is not supported for "
                    + "custom resources (" + api.resource() + "." + api.group() + "): use a JSON merge patch "
                    + "(kubectl patch --type merge, Fabric8 PatchType.JSON_MERGE) or a JSON patch (--type json)");
        }
        if (type.startsWith(JsonPatches.STRATEGIC)) {
            return ApiStatus.failure(415, "UnsupportedMediaType", "the lab cluster supports strategic merge "
                    + "patches (" + JsonPatches.STRATEGIC + ") only without lists and $ directives: use a JSON "
                    + "merge patch (kubectl patch --type merge, Fabric8 PatchType.JSON_MERGE) or a JSON patch "
                    + "(--type json)");
        }
        if (type.startsWith(JsonPatches.APPLY)) {
            return ApiStatus.failure(415, "UnsupportedMediaType", "the lab cluster does not support server-side "
                    + "apply: use kubectl apply without --server-side, create/replace, or a merge patch");
        }
        return null;
    }

    /** What an API server checks before storing: the namespace, and the object's own validity. */
    private MockResponse admit(ApiPath api, RecordedRequest request) {
        if (api.namespace() != null && !api.resource().equals("namespaces")
                && store.get("/api/v1/namespaces/" + api.namespace(), JsonNode.class).isEmpty()) {
            return ApiStatus.notFound("", "namespaces", api.namespace());
        }
        boolean cilium = api.group().equals(CiliumCrds.GROUP)
                && (api.resource().equals(CiliumCrds.CNP) || api.resource().equals(CiliumCrds.CCNP));
        boolean deployment = api.is("apps", "deployments") && api.subresource() == null;
        if (!cilium && !deployment) {
            return null;
        }
        Optional<JsonNode> object = resulting(api, request);
        if (object.isEmpty()) {
            return null;
        }
        if (cilium && api.subresource() == null && validator != null) {
            List<ApiStatus.Cause> causes = validator.validate(api.resource(), object.get());
            if (!causes.isEmpty()) {
                String kind = api.resource().equals(CiliumCrds.CNP) ? "CiliumNetworkPolicy"
                        : "CiliumClusterwideNetworkPolicy";
                LOG.infof("refused %s %s: %s", kind, object.get().path("metadata").path("name").asText(), causes);
                return ApiStatus.invalid(CiliumCrds.GROUP, kind, object.get().path("metadata").path("name").asText(),
                        causes);
            }
        }
        if (deployment) {
            List<ApiStatus.Cause> causes = DeploymentValidation.validate(object.get());
            if (!causes.isEmpty()) {
                return ApiStatus.invalid("apps", "Deployment", object.get().path("metadata").path("name").asText(),
                        causes);
            }
        }
        return null;
    }

    /** The object as it would be stored after this POST, PUT or PATCH; empty if that cannot be known here. */
    private Optional<JsonNode> resulting(ApiPath api, RecordedRequest request) {
        JsonNode body = bodyJson(request);
        if (body == null) {
            return Optional.empty();
        }
        if (!request.getMethod().equals("PATCH")) {
            return Optional.of(body);
        }
        if (api.name() == null) {
            return Optional.empty();
        }
        Optional<JsonNode> current = store.get(api.objectPath(), JsonNode.class);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonPatches.apply(contentType(request), current.get(), body));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private MockResponse dryRun(ApiPath api, RecordedRequest request) {
        Optional<JsonNode> object = resulting(api, request);
        if (object.isEmpty()) {
            return api.name() != null && request.getMethod().equals("PATCH")
                    ? ApiStatus.notFound(api.group(), api.resource(), api.name())
                    : ApiStatus.failure(400, "BadRequest", "the request body is not a JSON object");
        }
        return ApiStatus.json(request.getMethod().equals("POST") ? 201 : 200, object.get());
    }

    // ---- subresources ----------------------------------------------------------------------------------------

    private MockResponse exec(ApiPath api, QueryString query, RecordedRequest request) {
        Optional<Pod> pod = store.get(api.objectPath(), Pod.class);
        if (pod.isEmpty()) {
            return ApiStatus.notFound("", "pods", api.name());
        }
        List<String> argv = query.all("command");
        if (argv.isEmpty()) {
            return ApiStatus.failure(400, "BadRequest", "you must specify at least 1 command");
        }
        String container = query.first("container");
        List<String> containers = pod.get().getSpec().getContainers().stream().map(c -> c.getName()).toList();
        if (container != null && !container.isEmpty() && !containers.contains(container)) {
            return ApiStatus.failure(400, "BadRequest", "container " + container + " is not valid for pod "
                    + api.name());
        }
        PodRuntime runtime = pods == null ? null : pods.find(api.namespace(), api.name()).orElse(null);
        if (runtime == null || !runtime.uid().equals(pod.get().getMetadata().getUid())) {
            String name = container != null ? container : containers.isEmpty() ? "" : containers.get(0);
            return ApiStatus.failure(400, "BadRequest", "container not found (\"" + name + "\")");
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase().contains("websocket")) {
            return ApiStatus.failure(400, "BadRequest", "the lab cluster serves pods/exec over WebSocket only "
                    + "(v4.channel.k8s.io, as Fabric8 speaks it); SPDY is not supported");
        }
        return new MockResponse().withWebSocketUpgrade(new ExecSession(runtime, commands, argv, query.flag("stdin"),
                query.first("stdout") == null || query.flag("stdout"), query.first("stderr") == null
                        || query.flag("stderr"), execWorkers, execTimer));
    }

    private MockResponse log(ApiPath api, QueryString query) {
        Optional<Pod> pod = store.get(api.objectPath(), Pod.class);
        if (pod.isEmpty()) {
            return ApiStatus.notFound("", "pods", api.name());
        }
        PodRuntime runtime = pods == null ? null : pods.find(api.namespace(), api.name()).orElse(null);
        if (runtime == null) {
            String container = pod.get().getSpec().getContainers().isEmpty() ? ""
                    : pod.get().getSpec().getContainers().get(0).getName();
            return ApiStatus.failure(400, "BadRequest", "container \"" + container + "\" in pod \"" + api.name()
                    + "\" is waiting to start: ContainerCreating");
        }
        Integer tail = integer(query.first("tailLines"));
        Long limit = query.first("limitBytes") == null ? null : Long.valueOf(integer(query.first("limitBytes")));
        Integer sinceSeconds = integer(query.first("sinceSeconds"));
        Instant since = sinceSeconds == null ? null
                : runtime.fileSystem().clock().now().minusSeconds(sinceSeconds);
        if (query.first("sinceTime") != null) {
            since = Instant.parse(query.first("sinceTime"));
        }
        String text = runtime.log().render(tail, query.flag("timestamps"), since, limit);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                .setBody(text);
    }

    private MockResponse evict(ApiPath api) {
        Optional<Pod> pod = store.get(api.objectPath(), Pod.class);
        if (pod.isEmpty()) {
            return ApiStatus.notFound("", "pods", api.name());
        }
        if (controller != null) {
            controller.evicted(pod.get());
        }
        store.delete(api.objectPath());
        LOG.infof("evicted pod %s/%s from %s", api.namespace(), api.name(), pod.get().getSpec().getNodeName());
        return ApiStatus.success(201);
    }

    private MockResponse scale(ApiPath api, RecordedRequest request) {
        Optional<JsonNode> target = store.get(api.objectPath(), JsonNode.class);
        if (target.isEmpty()) {
            return ApiStatus.notFound("apps", api.resource(), api.name());
        }
        ObjectNode scale = scaleOf(target.get());
        switch (request.getMethod()) {
            case "GET" -> {
                return ApiStatus.json(200, scale);
            }
            case "PUT", "PATCH" -> {
                JsonNode body = bodyJson(request);
                if (body == null) {
                    return ApiStatus.failure(400, "BadRequest", "the request body is not a JSON object");
                }
                JsonNode wanted = request.getMethod().equals("PUT") ? body
                        : JsonPatches.apply(contentType(request), scale, body);
                String version = wanted.path("metadata").path("resourceVersion").asText("");
                String current = target.get().path("metadata").path("resourceVersion").asText("");
                if (request.getMethod().equals("PUT") && !version.isEmpty() && !version.equals(current)) {
                    return ApiStatus.failure(409, "Conflict", "Operation cannot be fulfilled on " + api.resource()
                            + ".apps \"" + api.name() + "\": the object has been modified; please apply your changes "
                            + "to the latest version and try again");
                }
                JsonNode replicas = wanted.path("spec").path("replicas");
                if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
                    return ApiStatus.invalid("autoscaling", "Scale", api.name(), List.of(new ApiStatus.Cause(
                            "FieldValueInvalid", "Invalid value: " + replicas + ": must be greater than or equal to 0",
                            "spec.replicas")));
                }
                store.mergePatch(api.objectPath(), Map.of("spec", Map.of("replicas", replicas.asInt())));
                LOG.infof("scaled %s %s/%s to %d", api.resource(), api.namespace(), api.name(), replicas.asInt());
                return ApiStatus.json(200, scaleOf(store.get(api.objectPath(), JsonNode.class).orElseThrow()));
            }
            default -> {
                return methodNotAllowed(request.getMethod(), api);
            }
        }
    }

    private static ObjectNode scaleOf(JsonNode target) {
        ObjectNode scale = ApiStatus.JSON.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (target.path("metadata").has(field)) {
                metadata.set(field, target.path("metadata").get(field));
            }
        }
        scale.putObject("spec").put("replicas", target.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status").put("replicas", target.path("status").path("replicas").asInt(0));
        List<String> selector = new ArrayList<>();
        target.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(label -> selector.add(label.getKey() + "=" + label.getValue().asText()));
        status.put("selector", String.join(",", selector));
        return scale;
    }

    // ---- field selectors -------------------------------------------------------------------------------------

    /**
     * The store matches only {@code metadata.name} and {@code metadata.namespace}; other fields
     * ({@code spec.nodeName}, {@code status.phase}, ...) are filtered here. Watches get them unfiltered.
     */
    private MockResponse withFieldSelector(RecordedRequest request, QueryString query) {
        List<String[]> own = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (String requirement : query.first("fieldSelector").split(",")) {
            if (requirement.isBlank()) {
                continue;
            }
            String[] parts = requirement.split("!=|==|=", 2);
            String key = parts[0].trim();
            if (FIELDS_THE_STORE_MATCHES.contains(key)) {
                passed.add(requirement);
            } else {
                own.add(new String[] {key, parts.length > 1 ? parts[1].trim() : "", requirement.contains("!=")
                        ? "!=" : "="});
            }
        }
        if (own.isEmpty()) {
            return super.dispatch(request);
        }
        String target = query.without("fieldSelector");
        if (!passed.isEmpty()) {
            target += (target.contains("?") ? "&" : "?") + "fieldSelector="
                    + java.net.URLEncoder.encode(String.join(",", passed), StandardCharsets.UTF_8);
        }
        RecordedRequest stripped = new RecordedRequest(request.getHttpVersion(), request.method(), target,
                request.getHeaders(), request.getBody());
        MockResponse response = super.dispatch(stripped);
        if (query.flag("watch") || response.code() != 200 || response.getBody() == null) {
            return response;
        }
        try {
            JsonNode list = ApiStatus.JSON.readTree(response.getBody().getBytes());
            if (!(list.path("items") instanceof ArrayNode items)) {
                return response;
            }
            for (Iterator<JsonNode> it = items.iterator(); it.hasNext();) {
                JsonNode item = it.next();
                for (String[] requirement : own) {
                    String actual = field(item, requirement[0]);
                    boolean equal = requirement[1].equals(actual);
                    if (requirement[2].equals("=") != equal) {
                        it.remove();
                        break;
                    }
                }
            }
            return ApiStatus.json(200, list);
        } catch (IOException e) {
            return response;
        }
    }

    private static String field(JsonNode item, String dotted) {
        JsonNode node = item;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            // unset booleans read as false, unset strings as "" (as the API server's field sets do)
            return dotted.endsWith("unschedulable") ? "false" : "";
        }
        return node.asText();
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /** Every successful write, by a client or by the lab itself. */
    private void written(String method, ApiPath api) {
        if (api.resource().equals("customresourcedefinitions")) {
            crdCache = null;
        }
        if (api.group().equals(CiliumCrds.GROUP) && policies != null) {
            policies.refreshSoon();
        }
        if (RECONCILED.contains(api.resource()) && controller != null) {
            controller.requestReconcile();
        }
    }

    private List<JsonNode> storedCrds() {
        List<JsonNode> cached = crdCache;
        if (cached != null) {
            return cached;
        }
        try {
            List<JsonNode> crds = new ArrayList<>();
            for (JsonNode crd : store.list("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                    JsonNode.class)) {
                // discovery needs the names and versions, not the schemas
                ObjectNode slim = ApiStatus.JSON.createObjectNode();
                ObjectNode spec = slim.putObject("spec");
                spec.set("group", crd.path("spec").path("group"));
                spec.set("scope", crd.path("spec").path("scope"));
                spec.set("names", crd.path("spec").path("names"));
                ArrayNode versions = spec.putArray("versions");
                for (JsonNode version : crd.path("spec").path("versions")) {
                    ObjectNode slimVersion = versions.addObject().put("name", version.path("name").asText())
                            .put("served", version.path("served").asBoolean(true));
                    if (version.has("subresources")) {
                        slimVersion.set("subresources", version.get("subresources"));
                    }
                }
                crds.add(slim);
            }
            crdCache = List.copyOf(crds);
            return crdCache;
        } catch (ApiException e) {
            return List.of();
        }
    }

    /**
     * Names a built-in collection's list kind ({@code PodList}, not the mock's generic {@code List}): Go clients
     * decode typed lists by that kind, and {@code kubectl drain} read no pods from a {@code List}.
     */
    private static MockResponse typedList(RecordedRequest request, MockResponse response) {
        if (!request.getMethod().equals("GET") || response.code() != 200 || response.getBody() == null
                || response.getWebSocketListener() != null) {
            return response;
        }
        QueryString query = QueryString.parse(request.getPath());
        ApiPath api = ApiPath.parse(query.path());
        if (api == null || api.name() != null || api.subresource() != null || query.flag("watch")) {
            return response;
        }
        Optional<String> kind = Discovery.kindOf(api.group(), api.resource());
        if (kind.isEmpty()) {
            return response;
        }
        String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        int at = body.indexOf("\"kind\":\"List\"");
        if (at < 0 || at > 64) {
            return response;
        }
        response.setBody(body.substring(0, at) + "\"kind\":\"" + kind.get() + "List\""
                + body.substring(at + "\"kind\":\"List\"".length()));
        return response;
    }

    private static MockResponse withContentType(MockResponse response) {
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null
                && response.getBody() != null && response.getBody().size() > 0) {
            byte first = response.getBody().getBytes()[0];
            if (first == '{' || first == '[') {
                response.setHeader("Content-Type", "application/json");
            }
        }
        return response;
    }

    private static MockResponse methodNotAllowed(String method, ApiPath api) {
        return ApiStatus.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                + "resource (" + method + " " + api.resource() + "/" + api.subresource() + ")");
    }

    private static String contentType(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type == null ? "" : type.toLowerCase();
    }

    private static JsonNode bodyJson(RecordedRequest request) {
        Buffer body = request.getBody();
        if (body == null || body.size() == 0) {
            return null;
        }
        try {
            JsonNode node = ApiStatus.JSON.readTree(body.getBytes());
            return node != null && (node.isObject() || node.isArray()) ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Integer integer(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
