package io.github.camelelevateai.routes;

import java.util.concurrent.RejectedExecutionException;

import io.github.camelelevateai.component.ChatReadException;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.ElevateAiAuthenticationException;
import io.github.camelelevateai.component.ElevateAiBadRequestException;
import io.github.camelelevateai.component.ElevateAiException;

/**
 * Why a chat was set aside, in words a person can act on. What the words may claim about the chat rests on one fact
 * only, whether any attempt may have declared it ({@code CamelElevateAiMaybeDeclared}), never on the type of the last
 * failure: a chat that was not sent is never "may have been declared", and one that may have been is never "not
 * declared".
 */
final class SetAsideReason {

    private SetAsideReason() {
    }

    /**
     * Why, in words, and the kind of reason as a metrics tag (a few fixed words, never the words themselves).
     *
     * @param kind outcomeUnknown, invalid, tokenRefused, badRequest, unreadable, identicalBeingDeclared, stopped,
     *             notTaken (a transient failure that outlasted the redeliveries), refused, unforeseen; and, set by
     *             {@link ChatOutcomes} itself, notRecorded, earlierOutcomeUnknown, identicalSetAside
     */
    record Reason(String kind, String text) {
    }

    /**
     * @param maybeDeclared whether an attempt may have declared the chat
     * @param redeliveries  how many times the route redelivered it
     * @param stopping      the route was stopping, so no further redelivery was made
     * @param release       how to let the chat be declared again once checked; null when it holds no claim
     */
    static Reason of(Exception failure, boolean maybeDeclared, int redeliveries, boolean stopping, String release) {
        String tried = redeliveries > 0 ? " (after " + redeliveries + " redeliveries)" : "";
        if (maybeDeclared) {
            String what = failure instanceof ElevateAiException ? failure.getMessage() : "the chat could not be handled ("
                    + describe(failure) + ") after its declare was sent";
            return new Reason("outcomeUnknown", "The outcome is unknown: " + what + tried + ". The chat may have been"
                   + " declared and will not be sent again automatically. Check in ElevateAI before submitting it again"
                   + (release == null ? "." : "; to allow that, " + release + "."));
        }
        if (failure instanceof ChatValidationException) {
            return new Reason("invalid", "The chat is not valid, so it was not sent: " + failure.getMessage()
                   + ". Fix the chat and submit it again.");
        } else if (failure instanceof ElevateAiAuthenticationException) {
            return new Reason("tokenRefused", "ElevateAI refused the API token: " + failure.getMessage()
                   + ". Check ELEVATEAI_API_TOKEN (or apiToken), then submit the chat again; it was not declared.");
        } else if (failure instanceof ElevateAiBadRequestException) {
            return new Reason("badRequest", "ElevateAI refused the chat as a bad request: " + failure.getMessage()
                   + ". Fix the chat and submit it again; it was not declared.");
        } else if (failure instanceof ChatReadException) {
            return new Reason("unreadable", "The chat could not be read (" + failure.getMessage() + "), so it was not"
                   + " sent. Submit it again.");
        } else if (failure instanceof ChatBeingDeclaredException) {
            return new Reason("identicalBeingDeclared", "An identical copy of this chat was still being declared"
                   + tried + ", so this one was not sent."
                   + " Submit it again later: once that declare has ended, this copy gets its result. Should the"
                   + " instance declaring it have stopped mid-declare, the chat is set aside as an unknown outcome,"
                   + " with how to release it, when submitted again after the store's unfinished-after time"
                   + " (elevateai.declared.store.unfinished.after; a restart, with the file store).");
        } else if (stopping && (isRetryable(failure) || failure instanceof RejectedExecutionException)) {
            // Camel ends a redelivery's wait at a stop by failing it with a RejectedExecutionException
            return new Reason("stopped", "The route stopped while the chat waited to be tried again" + tried + " ("
                   + failure.getMessage() + "). It was not declared; submit it again.");
        } else if (isRetryable(failure)) {
            return new Reason("notTaken", "ElevateAI could not take the chat" + tried + ": " + failure.getMessage()
                   + ". It was not declared; submit it again later.");
        } else if (failure instanceof ElevateAiException) {
            return new Reason("refused", "ElevateAI refused the chat: " + failure.getMessage()
                   + ". It was not declared.");
        }
        return new Reason("unforeseen", "The chat could not be handled (" + describe(failure) + ")" + tried
               + " before its declare was sent, so it was not declared. Submit it again once the cause is fixed.");
    }

    /** A declare that succeeded but whose result could not be kept: the identifier must not be lost with it. */
    static String notRecorded(String identifier, Exception storeFailure, String release) {
        return "Declared as " + identifier + ", but the result could not be recorded in the de-duplication store ("
               + describe(storeFailure) + "). The chat was declared: keep this identifier. It will not be sent again"
               + " automatically" + (release == null ? "." : "; should it have to be, " + release + ".");
    }

    static boolean isRetryable(Exception failure) {
        return failure instanceof ElevateAiException elevateAi ? elevateAi.isRetryable()
                : failure instanceof ChatBeingDeclaredException;
    }

    private static String describe(Exception failure) {
        return failure == null ? "an unknown failure"
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
