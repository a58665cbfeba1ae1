/**
 * The commands (picocli) and the wiring of a night ({@code NightlyStages}): rules are loaded here, once,
 * and handed to the stages they configure. The top layer: nothing imports it.
 */
package org.jss.cli;
