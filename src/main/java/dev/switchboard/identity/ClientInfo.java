package dev.switchboard.identity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, kept with sessions and audit events. The address is the servlet's
 * remote address, which honours {@code X-Forwarded-For} only from trusted proxies
 * ({@code server.forward-headers-strategy: native}).
 */
record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    static ClientInfo of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(request.getRemoteAddr(), agent);
    }
}
