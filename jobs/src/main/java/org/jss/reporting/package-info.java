/**
 * The words of an explanation: {@link org.jss.reporting.Explanation} renders a freelancer's score as
 * text and JSON from a typed view per audience (the freelancer's view cannot hold private data), with
 * the thresholds of the policy in force; {@code explain} gathers one freelancer's rows. May use: base,
 * config, io.
 */
package org.jss.reporting;
