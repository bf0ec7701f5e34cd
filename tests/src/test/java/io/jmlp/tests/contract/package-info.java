/**
 * The SPI contract on every backend: each op of {@link io.jmlp.backend.Backend} rejects bad input
 * (a wrong shape or dtype, a forbidden alias, a tensor of another backend) with an
 * {@code IllegalArgumentException} that names the op, before it writes anything; refuses a closed
 * tensor or any use of a closed backend with an {@code IllegalStateException}; and does so however
 * the backend was made. {@link io.jmlp.tests.contract.OpCases} holds one valid call of every op and
 * the misuses of each, so that every op is covered and a new one cannot be forgotten.
 */
package io.jmlp.tests.contract;
