import { z } from 'zod';
import {
  type FlouciGateway,
  type FlouciPaymentRequest,
  FlouciUnavailableError,
  type FlouciVerification,
} from './flouci-gateway';

export interface FlouciOptions {
  /** https://developers.flouci.com in production; the loopback stand-in in dev and tests. */
  baseUrl: string;
  appToken: string;
  appSecret: string;
  timeoutMs: number;
}

const generateResponseSchema = z.object({
  result: z.object({
    success: z.boolean(),
    payment_id: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    message: z.string().optional(),
  }),
});

const verifyResponseSchema = z.object({
  success: z.boolean(),
  result: z
    .object({
      status: z.string(),
      // Flouci reports millimes; some responses carry it as a string.
      amount: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
      developer_tracking_id: z.string().nullish(),
    })
    .optional(),
});

/**
 * Flouci's developer API: `POST /api/generate_payment` (app token and secret in the JSON body) creates a
 * hosted payment page; `GET /api/verify_payment/{id}` (headers `apppublic` / `appsecret`) reports what was
 * actually paid. Amounts are millimes.
 */
export class FlouciHttpClient implements FlouciGateway {
  constructor(private readonly options: FlouciOptions) {}

  async generatePayment(request: FlouciPaymentRequest): Promise<{ providerPaymentId: string; link: string }> {
    const { appToken, appSecret } = this.options;
    const response = await this.send(new URL('/api/generate_payment', this.options.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        app_token: appToken,
        app_secret: appSecret,
        amount: String(request.amount),
        accept_card: 'true',
        session_timeout_secs: request.sessionTimeoutSecs ?? 1200,
        success_link: request.successLink,
        fail_link: request.failLink,
        developer_tracking_id: request.trackingId,
        ...(request.webhookUrl ? { webhook: request.webhookUrl } : {}),
      }),
    });
    const parsed = generateResponseSchema.safeParse(await response.json().catch(() => null));
    const result = parsed.success ? parsed.data.result : null;
    if (!response.ok || !result?.success || !result.payment_id || !result.link) {
      throw new FlouciUnavailableError(
        `Flouci refused to create the payment (${response.status}): ${result?.message ?? 'unexpected response'}`,
      );
    }
    return { providerPaymentId: result.payment_id, link: result.link };
  }

  async verifyPayment(providerPaymentId: string): Promise<FlouciVerification | null> {
    const { appToken, appSecret } = this.options;
    const url = new URL(`/api/verify_payment/${encodeURIComponent(providerPaymentId)}`, this.options.baseUrl);
    const response = await this.send(url, {
      method: 'GET',
      headers: { 'content-type': 'application/json', apppublic: appToken, appsecret: appSecret },
    });
    if (response.status === 404) return null;
    const parsed = verifyResponseSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      throw new FlouciUnavailableError(`Flouci could not verify the payment (${response.status})`);
    }
    const { result } = parsed.data;
    if (!parsed.data.success || !result) return null;
    return {
      providerPaymentId,
      status: result.status,
      amount: result.amount,
      trackingId: result.developer_tracking_id ?? null,
    };
  }

  private async send(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (cause) {
      throw new FlouciUnavailableError('Flouci is unreachable', { cause });
    }
  }
}
