package dev.switchboard.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * Static files of the admin app. Vite names everything under {@code assets/} by its content hash,
 * so those are cached for a year and never revalidated; {@code index.html} (and the other root
 * files) must be revalidated on every load so a new deployment is picked up at once.
 * Boot's own static mapping is switched off ({@code spring.web.resources.add-mappings: false}) so
 * this is the only one.
 */
@Configuration(proxyBeanMethods = false)
class SinglePageAppConfiguration implements WebMvcConfigurer {

    private static final String STATIC = "classpath:/static/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations(STATIC + "assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new PathResourceResolver());
        registry.addResourceHandler("/**")
                .addResourceLocations(STATIC)
                .setCacheControl(CacheControl.noCache())
                // No resolver cache here: whether a path answers index.html depends on the request's
                // Accept header, which the cache key does not include.
                .resourceChain(false)
                .addResolver(new HistoryModeResolver());
    }

    /**
     * Serves a root file when it exists, else {@code index.html} for what looks like a page address
     * of the app: a GET that accepts HTML, outside the server's own prefixes, whose last segment has
     * no file extension. Anything else resolves to nothing, so MVC answers its usual problem+json 404.
     */
    static final class HistoryModeResolver extends PathResourceResolver {

        private static final List<String> SERVER_PREFIXES = List.of("api", "v1", "actuator", "telegram", "v3");

        @Override
        protected Resource resolveResourceInternal(HttpServletRequest request, String requestPath,
                List<? extends Resource> locations, ResourceResolverChain chain) {
            if (isServerPath(requestPath)) {
                return null;
            }
            Resource file = requestPath.isEmpty() ? null
                    : super.resolveResourceInternal(request, requestPath, locations, chain);
            if (file != null) {
                return file;
            }
            if (request != null && isPageRequest(request, requestPath)) {
                return super.resolveResourceInternal(request, "index.html", locations, chain);
            }
            return null;
        }

        static boolean isServerPath(String path) {
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            String first = slash < 0 ? trimmed : trimmed.substring(0, slash);
            return SERVER_PREFIXES.contains(first);
        }

        private static boolean isPageRequest(HttpServletRequest request, String path) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                return false;
            }
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (last.contains(".")) {
                return false;
            }
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            if (accept == null || accept.isBlank()) {
                return false;
            }
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.includes(MediaType.TEXT_HTML) && !type.isWildcardType());
        }
    }
}
