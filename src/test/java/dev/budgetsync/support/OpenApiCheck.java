package dev.budgetsync.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the service to docs/openapi.yaml. {@link #watch} makes a web client check every response it
 * receives: a response of a documented operation must have a documented status, content type and
 * headers, and a body that validates against the schema; a response of any other route must be an
 * error in the documented {@code Error} shape. A response that does not fails its request, so the
 * test that sent it fails with the reason. {@link TestApp}'s client is watched this way.
 */
public final class OpenApiCheck {
  public static final Path DOCUMENT = Path.of("docs", "openapi.yaml");
  /** Where the loaded copy keeps the media types vertx-openapi cannot validate (it rejects them). */
  private static final String UNVALIDATED = "x-test-unvalidated-content";
  private static JsonObject document;

  private final Vertx vertx;
  private final Future<OpenAPIContract> contract;
  private final Future<ResponseValidator> validator;
  private final Set<String> checked = ConcurrentHashMap.newKeySet();

  private OpenApiCheck(Vertx vertx, Future<OpenAPIContract> contract) {
    this.vertx = vertx;
    this.contract = contract;
    this.validator = contract.map(api -> ResponseValidator.create(vertx, api));
  }

  /** docs/openapi.yaml as JSON: parsed once, a copy each time. */
  public static synchronized JsonObject document() {
    if (document == null) {
      try {
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DOCUMENT));
        document = (JsonObject) toJson(yaml);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return document.copy();
  }

  /** A check against {@code document} (e.g. a deliberately broken copy), for responses passed to {@link #check}. */
  public static OpenApiCheck of(Vertx vertx, JsonObject document) {
    return new OpenApiCheck(vertx, OpenAPIContract.from(vertx, loadable(document)));
  }

  /** Checks every response that {@code client} receives against docs/openapi.yaml. */
  public static OpenApiCheck watch(Vertx vertx, WebClient client) {
    OpenApiCheck check = of(vertx, document());
    ((WebClientInternal) client).addInterceptor(check::intercept);
    return check;
  }

  /** The contract as vertx-openapi loaded it; fails when the document is not a valid OpenAPI 3.1 document. */
  public Future<OpenAPIContract> contract() {
    return contract;
  }

  /** Every {@code "operationId status"} (or {@code "undocumented status"}) checked so far. */
  public Set<String> checked() {
    return Set.copyOf(checked);
  }

  private void intercept(HttpContext<?> ctx) {
    if (ctx.phase() != ClientPhase.DISPATCH_RESPONSE) {
      ctx.next();
      return;
    }
    check(ctx.request().method(), pathOf(ctx.request().uri()), ctx.response())
        .onSuccess(v -> ctx.next())
        .onFailure(ctx::fail);
  }

  /** Succeeds with what was checked, {@code "operationId status"}; fails with why the response is not as documented. */
  public Future<String> check(HttpMethod method, String path, HttpResponse<?> response) {
    String request = method + " " + path + " answered " + response.statusCode();
    return contract.compose(api -> {
      // HEAD is documented once for every GET route: the GET operation's status and headers, no body.
      if (method == HttpMethod.HEAD && api.findOperation(path, HttpMethod.GET) != null) {
        return checkHead(api.findOperation(path, HttpMethod.GET), response)
            .recover(e -> Future.failedFuture(new AssertionError(request + " not as docs/openapi.yaml says: "
                + e.getMessage(), e)));
      }
      Operation operation = api.findOperation(path, method);
      Future<String> result = operation == null ? checkUndocumented(api, response)
          : checkOperation(api, operation, response);
      return result.recover(e -> Future.failedFuture(new AssertionError(request + " not as docs/openapi.yaml says: "
          + e.getMessage() + details(e) + "\nbody: " + bodyOf(response), e)));
    }).onSuccess(checked::add);
  }

  private Future<String> checkOperation(OpenAPIContract api, Operation operation, HttpResponse<?> response) {
    int status = response.statusCode();
    String name = operation.getOperationId() + " " + status;
    Response documented = operation.getResponse(status);
    if (documented == null) {
      return Future.failedFuture(new IllegalStateException("status " + status + " is not documented for "
          + operation.getOperationId()));
    }
    String contentType = essence(response.getHeader("Content-Type"));
    Set<String> mediaTypes = new HashSet<>(documented.getContent().keySet());
    documented.getOpenAPIModel().getJsonArray(UNVALIDATED, new JsonArray()).forEach(t -> mediaTypes.add((String) t));
    if (mediaTypes.isEmpty() ? contentType != null : !mediaTypes.contains(contentType)) {
      return Future.failedFuture(new IllegalStateException("Content-Type " + response.getHeader("Content-Type")
          + " is not among the documented " + mediaTypes));
    }
    if (contentType != null && !documented.getContent().containsKey(contentType)) {
      return Future.succeededFuture(name);
    }
    Map<String, String> headers = new HashMap<>();
    for (Parameter header : documented.getHeaders()) {
      if (response.getHeader(header.getName()) != null) {
        headers.put(header.getName(), response.getHeader(header.getName()));
      }
    }
    ValidatableResponse validatable = contentType == null
        ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, bodyOf(response), contentType);
    return validator.compose(v -> v.validate(validatable, operation.getOperationId())).map(name);
  }

  private static Future<String> checkHead(Operation get, HttpResponse<?> response) {
    int status = response.statusCode();
    Response documented = get.getResponse(status);
    if (documented == null) {
      return Future.failedFuture(new IllegalStateException("status " + status + " is not documented for "
          + get.getOperationId()));
    }
    if (response.body() != null && bodyOf(response).length() > 0) {
      return Future.failedFuture(new IllegalStateException("a HEAD answer has a body"));
    }
    return Future.succeededFuture("HEAD " + get.getOperationId() + " " + status);
  }

  /** A route the document does not have (an unknown path, another method): only errors, in the Error shape. */
  private Future<String> checkUndocumented(OpenAPIContract api, HttpResponse<?> response) {
    if (response.statusCode() < 400) {
      return Future.failedFuture(new IllegalStateException("the route is not documented"));
    }
    if (!MediaType.APPLICATION_JSON.equals(essence(response.getHeader("Content-Type")))) {
      return Future.failedFuture(new IllegalStateException("an error must be application/json"));
    }
    JsonObject error = api.getRawContract().getJsonObject("components").getJsonObject("schemas").getJsonObject("Error");
    return vertx.executeBlocking(() -> {
      OutputUnit result = api.getSchemaRepository().validator(JsonSchema.of(error)).validate(
          Json.decodeValue(bodyOf(response)));
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException e) {
        throw new IllegalStateException("not the Error schema: " + e.getMessage() + " at " + e.location(), e);
      }
      return "undocumented " + response.statusCode();
    });
  }

  /** The path of a request's URI, relative ({@code /api/budget?month=...}) or absolute. */
  private static String pathOf(String uri) {
    String path = uri.startsWith("/") ? uri : URI.create(uri).getRawPath();
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** Each failed keyword with where it failed: the exception's own message names only one, not always the cause. */
  private static String details(Throwable e) {
    if (!(e instanceof SchemaValidationException invalid) || invalid.getOutputUnit().getErrors() == null) {
      return "";
    }
    StringBuilder details = new StringBuilder();
    for (OutputUnit unit : invalid.getOutputUnit().getErrors()) {
      details.append("\n  ").append(unit.getInstanceLocation()).append(": ").append(unit.getError())
          .append(" (").append(unit.getKeywordLocation()).append(')');
    }
    return details.toString();
  }

  private static Buffer bodyOf(HttpResponse<?> response) {
    Object body = response.body();
    if (body == null || body instanceof Buffer) {
      return body == null ? Buffer.buffer() : (Buffer) body;
    }
    return Json.encodeToBuffer(body);
  }

  /** {@code application/json} of {@code application/json;charset=UTF-8}: media types match without parameters. */
  private static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * vertx-openapi 5.0 refuses to load a document whose responses or request bodies use a media type
   * it cannot validate ({@code application/yaml}, a form): the copy it loads keeps the responses' names
   * aside, so that the content type is still checked, and only their schema is not.
   */
  private static JsonObject loadable(JsonObject document) {
    JsonObject copy = document.copy();
    List<JsonObject> responses = new ArrayList<>();
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.getJsonObject("responses").forEach(r -> responses.add((JsonObject) r.getValue()));
        // A form body (the dashboard's sign-in) is not validated: responses are what the tests check.
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content", new JsonObject()).fieldNames().stream()
            .noneMatch(MediaType::isMediaTypeSupported)) {
          operation.remove("requestBody");
        }
      }
    }));
    copy.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject())
        .forEach(r -> responses.add((JsonObject) r.getValue()));
    for (JsonObject response : responses) {
      JsonObject content = response.getJsonObject("content");
      if (content == null) {
        continue;
      }
      JsonArray unvalidated = new JsonArray();
      for (String type : Set.copyOf(content.fieldNames())) {
        if (!MediaType.isMediaTypeSupported(type)) {
          content.remove(type);
          unvalidated.add(type);
        }
      }
      if (!unvalidated.isEmpty()) {
        response.put(UNVALIDATED, unvalidated);
      }
    }
    return copy;
  }

  private static Object toJson(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject json = new JsonObject();
      map.forEach((key, value) -> json.put(String.valueOf(key), toJson(value)));
      return json;
    }
    if (yaml instanceof List<?> list) {
      JsonArray json = new JsonArray();
      list.forEach(value -> json.add(toJson(value)));
      return json;
    }
    return yaml;
  }
}
