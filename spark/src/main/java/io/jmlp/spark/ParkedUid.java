package io.jmlp.spark;

/**
 * A uid handed to a Spark stage's constructor before the superclass constructor runs. Spark's
 * Scala traits ({@code HasFeaturesCol}, …) create their Params inside the superclass constructor,
 * and a Param reads its owner's {@code uid()} at once — before a Java subclass can have assigned
 * its own field (Scala assigns constructor fields first; Java cannot). So the constructor parks the
 * uid here, per thread, and {@code uid()} answers from it until the field is set.
 */
final class ParkedUid {
    private static final ThreadLocal<String> PARKED = new ThreadLocal<>();
    final String uid;

    private ParkedUid(String uid) {
        this.uid = uid;
    }

    /** Parks {@code uid} for the constructor about to run on this thread. */
    static ParkedUid park(String uid) {
        PARKED.set(uid);
        return new ParkedUid(uid);
    }

    /** The uid being constructed on this thread (for {@code uid()} while the field is still null). */
    static String current() {
        return PARKED.get();
    }

    /** Called once the stage's own field holds the uid. */
    String release() {
        PARKED.remove();
        return uid;
    }
}
