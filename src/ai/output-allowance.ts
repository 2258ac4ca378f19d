/**
 * Most output tokens each remote content call may use (`max_tokens`). The OpenAI-compatible adapter
 * sends these; the cost cap prices a generation with them before any call is made.
 */
export const outputAllowance = {
  analyst: 1200,
  descriptions: 1500,
  posts: (platforms: number) => 400 + 800 * platforms,
};
