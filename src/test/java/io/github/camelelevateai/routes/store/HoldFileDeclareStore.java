package io.github.camelelevateai.routes.store;

/**
 * Another process on a file store, for {@link FileDeclareStoreTest}: starts a store on the file given, prints
 * {@value #HOLDING} and holds it until its input ends or it is killed; or, refused, prints {@value #REFUSED} and the
 * reason, and exits with {@value #REFUSED_STATUS}.
 */
public final class HoldFileDeclareStore {

    static final String HOLDING = "holding";
    static final String REFUSED = "refused: ";
    static final int REFUSED_STATUS = 3;

    private HoldFileDeclareStore() {
    }

    public static void main(String[] args) throws Exception {
        FileDeclareStore store = new FileDeclareStore(args[0]);
        try {
            store.start();
        } catch (RuntimeException refused) {
            System.out.println(REFUSED + refused.getMessage());
            System.out.flush();
            System.exit(REFUSED_STATUS);
        }
        System.out.println(HOLDING);
        System.out.flush();
        while (System.in.read() != -1) {
            // holds the store until the test closes this process's input, or kills it
        }
        store.stop();
    }
}
