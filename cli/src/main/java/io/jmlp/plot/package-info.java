/**
 * The PNG charts the commands write ({@code --plot}, {@code jmlp eval}, {@code jmlp boundary},
 * {@code jmlp lr-find}): training curves, the confusion matrix as a heat map, one-vs-rest ROC
 * curves, a grid of sample images, the learning-rate range test and a 2-D decision boundary. Drawn
 * off-screen with XChart and written atomically ({@code io.jmlp.io.AtomicWrite}), so an interrupted
 * run never leaves half a PNG; each class takes finished results and computes nothing of the
 * training's own.
 */
package io.jmlp.plot;
