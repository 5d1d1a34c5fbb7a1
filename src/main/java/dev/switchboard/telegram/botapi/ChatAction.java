package dev.switchboard.telegram.botapi;

/** What the bot shows it is doing in a chat ({@code sendChatAction}), for about five seconds. */
public enum ChatAction {
    /** "typing…", while a reply is being produced. */
    TYPING,
    /** "sending a file…". */
    UPLOAD_DOCUMENT
}
