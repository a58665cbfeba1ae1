/**
 * The rules and settings, declared once with their defaults: the JSS policy ({@link
 * org.jss.config.JssPolicy}, SPEC sections 5 and 6), the pipeline settings, YAML loading with a message per
 * bad key, and the {@link org.jss.config.Rules} stamp that scored rows record. May use: base.
 */
package org.jss.config;
