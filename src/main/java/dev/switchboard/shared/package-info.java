/**
 * Tiny building blocks every module uses: error types mapped to RFC 9457 problem details, the
 * {@link java.time.Clock}, request ids, request size limits and the settings common to all
 * modules. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.switchboard.shared;
