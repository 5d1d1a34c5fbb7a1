package dev.switchboard.telegram;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Telegram's deliveries for webhook-mode bots. 200 only after the update is committed; if that
 * fails the answer is 5xx and Telegram delivers it again, and a repeat of a stored update is
 * acknowledged and ignored. A wrong or missing secret is 401 and stores nothing.
 */
@RestController
class WebhookController {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final Intake intake;

    WebhookController(Intake intake) {
        this.intake = intake;
    }

    @PostMapping(path = "/telegram/webhook/{botId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receive(@PathVariable String botId,
            @RequestHeader(name = SECRET_HEADER, required = false) String secret, @RequestBody String body) {
        intake.receiveWebhook(botId, secret, body);
        return ResponseEntity.ok().build();
    }
}
