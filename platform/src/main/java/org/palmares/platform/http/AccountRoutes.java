package org.palmares.platform.http;

import io.vertx.ext.web.Router;

/** Accounts: registration, log-in, tokens and passwords, over the API and as pages. */
final class AccountRoutes {
  private final AccountApi api;
  private final AccountPages pages;

  AccountRoutes(AccountApi api, AccountPages pages) {
    this.api = api;
    this.pages = pages;
  }

  void mount(Router router, Guards guards) {
    router.post("/api/accounts").handler(guards.small()).handler(api::register);
    router.post("/api/tokens").handler(guards.small()).handler(api::createToken);
    router.get("/api/tokens").handler(api::listTokens);
    router.delete("/api/tokens/:id").handler(api::revokeToken);
    router.get("/api/account").handler(api::me);
    router.post("/api/account/password").handler(guards.small()).handler(api::changePassword);

    router.get("/login").handler(pages::loginForm);
    router.post("/login").handler(guards.small()).handler(guards.auth()).handler(pages::logIn);
    router.get("/register").handler(pages::registerForm);
    router.post("/register").handler(guards.small()).handler(guards.auth()).handler(pages::register);
    router.post("/logout").handler(guards.small()).handler(pages::logOut);
    router.get("/account").handler(pages::account);
    router.post("/account/password").handler(guards.small()).handler(guards.auth()).handler(pages::changePassword);
    router.post("/account/tokens").handler(guards.small()).handler(pages::createToken);
    router.post("/account/tokens/:id/revoke").handler(guards.small()).handler(pages::revokeToken);
    router.get("/password/forgot").handler(pages::forgotForm);
    router.post("/password/forgot").handler(guards.small()).handler(guards.auth()).handler(pages::forgot);
    router.get("/password/reset/:secret").handler(pages::resetForm);
    router.post("/password/reset/:secret").handler(guards.small()).handler(guards.auth()).handler(pages::reset);
  }
}
