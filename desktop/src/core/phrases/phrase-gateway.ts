// 定型文 for the screens. The list is read from the server when it can be reached and then kept in
// the user's encrypted cache (replacing the last one), so the SOAP editor's picker still lists the
// user's and their office's phrases offline. Changes need the server: a phrase added offline could
// not be checked against the office's rules.
import type { ServerConnection } from '../connection/server-connection';
import { fail } from '../desktop-error';
import type { SessionManager } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import type { CreatePhraseInput, PhraseListView, PhraseView, UpdatePhraseInput } from '../../shared/phrase-views';
import type { ChartApi } from '../api/chart-api';
import { livePhraseViews, phraseView } from './phrase-views';

export class PhraseGateway {
  constructor(
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
  ) {}

  async listPhrases(): Promise<PhraseListView> {
    const { token, cache } = this.sessions.require();
    return this.connection.ask<PhraseListView>(
      Boolean(token),
      async (api) => {
        const phrases = livePhraseViews(await api.chart.listPhrases());
        cache.phrases = phrases;
        return { phrases, source: 'server' };
      },
      () => ({ phrases: cache.phrases ?? [], source: 'cache' }),
    );
  }

  async createPhrase(input: CreatePhraseInput): Promise<PhraseView> {
    return phraseView(await this.withServer((chart) => chart.createPhrase(input)));
  }

  async updatePhrase(input: UpdatePhraseInput): Promise<PhraseView> {
    return phraseView(await this.withServer((chart) => chart.updatePhrase(input)));
  }

  async deletePhrase(phraseId: string): Promise<void> {
    await this.withServer((chart) => chart.deletePhrase(phraseId));
  }

  private withServer<T>(call: (chart: ChartApi) => Promise<T>): Promise<T> {
    const { token } = this.sessions.require();
    return this.connection.ask(
      Boolean(token),
      (api) => call(api.chart),
      () => fail(LOCAL_ERRORS.chartNeedsConnection),
    );
  }
}
