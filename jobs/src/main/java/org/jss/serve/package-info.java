/**
 * The review console and the explanation service ({@code jss serve}): a lake's latest run read into
 * memory with Delta Kernel ({@link org.jss.serve.ConsoleIndex}), served over HTTP by the JDK's server
 * ({@link org.jss.serve.ConsoleServer}) to signed-in reviewers ({@link org.jss.serve.Reviewers}) and, for
 * the freelancer-audience explanation, to anyone with the id. No Spark. May use: base, config, io,
 * reporting.
 */
package org.jss.serve;
