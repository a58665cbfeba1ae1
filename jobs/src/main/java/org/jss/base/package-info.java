/**
 * The errors every layer may raise: {@link org.jss.base.UserError} (a problem the user can fix: the
 * command prints the message, which says what is wrong and how to fix it, and exits 2) and {@link
 * org.jss.base.RunFailure} (a run that started and failed: exit 1). Imports nothing of the project.
 */
package org.jss.base;
