package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.llm.LlmService;
import dev.switchboard.llm.ModelId;
import dev.switchboard.telegram.BotModelCheck;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A bot may only answer with one of its owner's models. */
@Component
class ModelsOfOwner implements BotModelCheck {

    private final LlmService llm;

    ModelsOfOwner(LlmService llm) {
        this.llm = llm;
    }

    @Override
    public boolean isUsableBy(UserId owner, UUID modelId) {
        return llm.findModel(owner, new ModelId(modelId)).isPresent();
    }
}
