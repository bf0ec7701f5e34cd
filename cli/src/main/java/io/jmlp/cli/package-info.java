/**
 * The {@code jmlp} command ({@link io.jmlp.cli.Jmlp}, picocli): {@code train}, {@code predict},
 * {@code eval}, {@code cv}, {@code search}, {@code boundary}, {@code export}, {@code devices},
 * {@code bench}, {@code lr-find} and {@code gradcheck}, packaged with every backend as
 * {@code cli/target/jmlp.jar} and launched by {@code ./jmlp}. The commands assemble runs from the
 * library's packages ({@code io.jmlp.train}, {@code io.jmlp.select}, {@code io.jmlp.model}, …) and
 * hold no training logic of their own; flags shared by several commands live in one options class
 * each. Commands print to the console; the library they call never prints, it logs through SLF4J.
 */
package io.jmlp.cli;
