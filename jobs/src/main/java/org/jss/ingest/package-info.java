/**
 * {@code ingest}: reads a night's export, checks every rule in one pass, quarantines bad rows with
 * their rules, appends the new rows and writes {@code data_quality}. May use: base, config, io.
 */
package org.jss.ingest;
