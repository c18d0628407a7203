package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;

/** Twilio's Messages resource: create, list and fetch, with faults applied to create and list. */
final class MessagesApi {

  private static final String API = "/2010-04-01";
  private static final String ACCOUNT = API + "/Accounts/:AccountSid";
  private static final String MESSAGES = ACCOUNT + "/Messages.json";
  private static final String MESSAGE = ACCOUNT + "/Messages/:Sid.json";
  private static final long MAX_FORM_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final SimulatorState state;
  private final StatusCallbacks callbacks;

  MessagesApi(Vertx vertx, SimulatorState state, StatusCallbacks callbacks) {
    this.vertx = vertx;
    this.state = state;
    this.callbacks = callbacks;
  }

  void mount(Router router) {
    router.post(API + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
    router.route(ACCOUNT + "/*").handler(new BasicAuthHandler(state.accounts()));
    router.post(MESSAGES).handler(this::create);
    router.get(MESSAGES).handler(this::list);
    router.get(MESSAGE).handler(this::fetch);
    router.route(API + "/*").handler(ctx -> ctx.fail(TwilioApiException.notFound(ctx.request().path())));
  }

  private void create(RoutingContext ctx) {
    state.store().countRequest();
    String accountSid = ctx.pathParam("AccountSid");
    CreateMessageRequest request = CreateMessageRequest.from(ctx.request().formAttributes());
    afterLatency().onComplete(ignored -> process(ctx, accountSid, request));
  }

  private Future<Void> afterLatency() {
    Duration latency = state.faults().currentLatency();
    return latency.isZero() ? Future.succeededFuture() : vertx.timer(latency.toMillis()).mapEmpty();
  }

  private void process(RoutingContext ctx, String accountSid, CreateMessageRequest request) {
    Fault fault = state.faults().nextFault();
    if (fault instanceof Fault.Status status) {
      ctx.fail(new TwilioApiException(status.httpStatus(), status.twilioCode(), status.message()));
      return;
    }
    if (fault instanceof Fault.DropBeforeAccept) {
      drop(ctx);
      return;
    }
    TwilioApiException refusal = refusalOf(request);
    if (refusal != null) {
      ctx.fail(refusal);
      return;
    }
    MessageRecord record = state.store().add(request.accept(accountSid, Instant.now()));
    answer(ctx, record, fault);
    if (state.autoStatusCallbacks().get()) {
      callbacks.deliver(record);
    }
  }

  private TwilioApiException refusalOf(CreateMessageRequest request) {
    TwilioApiException invalid = request.violation();
    if (invalid != null) {
      return invalid;
    }
    Faults.Rejection rejection = state.faults().rejectionFor(request.to());
    return rejection == null ? null : rejection.toException();
  }

  private void answer(RoutingContext ctx, MessageRecord record, Fault fault) {
    if (fault instanceof Fault.DropAfterAccept) {
      drop(ctx);
    } else if (fault instanceof Fault.DelayAfterAccept delayed) {
      vertx.timer(Math.max(1, delayed.delay().toMillis())).onComplete(ignored -> created(ctx, record));
    } else {
      created(ctx, record);
    }
  }

  private void created(RoutingContext ctx, MessageRecord record) {
    if (!ctx.response().closed()) {
      String status = state.faults().createStatus();
      Responses.json(ctx, 201, status == null ? MessageJson.of(record) : MessageJson.of(record).put("status", status));
    }
  }

  private static void drop(RoutingContext ctx) {
    ctx.request().connection().close();
  }

  private void list(RoutingContext ctx) {
    Fault fault = state.faults().nextListFault();
    if (fault instanceof Fault.Status status) {
      ctx.fail(new TwilioApiException(status.httpStatus(), status.twilioCode(), status.message()));
    } else if (fault instanceof Fault.DropBeforeAccept || fault instanceof Fault.DropAfterAccept) {
      drop(ctx);
    } else if (fault instanceof Fault.DelayAfterAccept delayed) {
      vertx.timer(Math.max(1, delayed.delay().toMillis())).onComplete(ignored -> page(ctx));
    } else {
      page(ctx);
    }
  }

  private void page(RoutingContext ctx) {
    if (ctx.response().closed()) {
      return;
    }
    MessageQuery query = MessageQuery.from(ctx.pathParam("AccountSid"), ctx.queryParams());
    Responses.json(ctx, 200, MessagePage.render(query, state.store().newestFirst(query::matches)));
  }

  private void fetch(RoutingContext ctx) {
    MessageRecord record = state.store().find(ctx.pathParam("AccountSid"), ctx.pathParam("Sid"));
    if (record == null) {
      ctx.fail(TwilioApiException.notFound(ctx.request().path()));
      return;
    }
    Responses.json(ctx, 200, MessageJson.of(record));
  }
}
