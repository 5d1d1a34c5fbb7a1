package dev.switchboard.telegram;

/**
 * What the pressing user sees after a button press ({@code answerCallbackQuery}).
 *
 * @param text a notification of at most 200 characters, or null for none (the button only stops spinning)
 * @param showAlert show {@code text} as an alert the user must dismiss instead of a toast
 */
public record CallbackAnswer(String text, boolean showAlert) {

    public CallbackAnswer {
        if (text != null && text.length() > 200) {
            text = text.substring(0, 199) + "…";
        }
    }

    /** No notification: the button just stops spinning. */
    public static CallbackAnswer none() {
        return new CallbackAnswer(null, false);
    }

    /** A short toast. */
    public static CallbackAnswer toast(String text) {
        return new CallbackAnswer(text, false);
    }

    /** An alert the user must dismiss. */
    public static CallbackAnswer alert(String text) {
        return new CallbackAnswer(text, true);
    }
}
