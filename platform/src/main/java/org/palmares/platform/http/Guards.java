package org.palmares.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The handlers the route blocks put in front of their routes: the small-body reader of forms and
 * JSON requests, and the pages' limits of log-ins and of uploads from the browser (the API's
 * routes are limited by their {@link RouteClass} in front of all of {@code /api}).
 */
record Guards(BodyHandler small, Handler<RoutingContext> auth, Handler<RoutingContext> uploads) {}
