package org.palmares.platform.http;

import io.vertx.ext.web.handler.BodyHandler;

/**
 * The handlers the route blocks put in front of their routes: the small-body reader of forms and
 * JSON requests, and the per-address limits of uploads and of registrations and logins.
 */
record Guards(BodyHandler small, RateLimit uploads, RateLimit auth) {}
