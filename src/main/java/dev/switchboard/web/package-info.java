/**
 * Web: serves the admin single-page app (built from {@code web/} into {@code static/} of the jar)
 * at {@code /}, with history-mode routing: a page address such as {@code /bots/42} answers the
 * app's {@code index.html}, while {@code /api}, {@code /v1}, {@code /actuator} and {@code /telegram}
 * are never answered with the app. Owns no tables and calls no other module; the app talks to
 * the API over HTTP like any other client.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.switchboard.web;
