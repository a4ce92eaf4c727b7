/** Flouci's payment statuses as its verify call reports them. */
export type FlouciPaymentStatus = 'SUCCESS' | 'PENDING' | 'FAILURE' | 'EXPIRED';

export interface FlouciPaymentRequest {
  /** Millimes, as Flouci expects them. */
  amount: number;
  /** Our payment id; Flouci echoes it back in verify, which ties its payment to ours. */
  trackingId: string;
  successLink: string;
  failLink: string;
  /** Where Flouci posts `{ payment_id }` once the customer has paid or given up. */
  webhookUrl?: string;
  sessionTimeoutSecs?: number;
}

export interface FlouciVerification {
  providerPaymentId: string;
  /** An unknown status is reported as is, and treated as not paid. */
  status: FlouciPaymentStatus | (string & {});
  amount: number;
  trackingId: string | null;
}

/** The hosted-payment API of Flouci (generate, then verify). The api and worker only use this interface. */
export interface FlouciGateway {
  generatePayment(request: FlouciPaymentRequest): Promise<{ providerPaymentId: string; link: string }>;
  /** Returns null when Flouci does not know the payment id. */
  verifyPayment(providerPaymentId: string): Promise<FlouciVerification | null>;
}

/** Flouci could not be reached or refused the call; nothing about the payment is known. */
export class FlouciUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FlouciUnavailableError';
  }
}
