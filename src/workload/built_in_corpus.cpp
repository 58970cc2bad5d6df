// The built-in prompt corpus: varied, natural-looking English prose written for this project,
// used when no --dataset-path is given. Long enough that prompts rarely repeat a start.
#include "workload/built_in_corpus.h"

namespace genai::workload {

std::string_view built_in_corpus() {
  return R"(The lighthouse keeper counted the ships by their lights, not their shapes, because at night every hull looked the same against the water. She wrote each one into a ledger with the time, the heading and the weather, and on clear evenings she added a line about the color of the sky just before the first star appeared.
A good benchmark answers one question at a time. It names the load it applied, the machine it ran on and the exact command that produced each number, so that anyone can run it again next week and see whether the system got faster or only the weather changed.
In the market square the baker opened before sunrise. Flour hung in the air like fog, the ovens ticked as they warmed, and the first customers were always the same three people: a night nurse on her way home, a student who never slept, and a retired engineer who liked to argue about the proper temperature for rye bread.
Rivers do not flow in straight lines because the ground beneath them is never uniform. Where the bank is soft the water cuts deeper, the curve grows, and over centuries a gentle bend becomes a loop that finally breaks through and leaves a quiet lake behind.
When you measure latency, measure it the way a user feels it. The time until the first word appears matters more to a reader than the time until the last one, and a server that is fast on average but slow one request in a hundred will still be remembered for the slow one.
The orchestra tuned for a long minute. Oboes gave the note, strings found it, brass argued with it briefly and then agreed. In the silence that followed, the conductor lifted both hands and waited until even the audience had stopped breathing.
Mountains make their own weather. Warm air climbs the slope, cools, and gives up its water as cloud and rain on the near side, so that one valley is green with forest while the next, only a ridge away, is dry grass and stone.
To cook rice well, rinse it until the water runs clear, use a little less water than the packet suggests, bring it to a boil, then turn the heat as low as it will go and leave the lid alone for fifteen minutes. Patience is the only secret ingredient.
Old maps were drawn by people who had never seen most of what they drew. They copied coastlines from sailors, rivers from merchants and mountains from rumor, and where nobody had been at all they wrote a careful note that the land beyond was unknown.
The team met every morning for fifteen minutes. Each person said what they finished, what they would do next and what stood in their way, and the rule was simple: problems were solved after the meeting, by the people who needed to solve them, not by everyone at once.
A queue grows without limit when work arrives faster than it can be served, and it grows surprisingly fast even before that point. At ninety percent utilization the average wait is nine times the service time; at ninety-nine percent it is ninety-nine times.
The garden was planted in rows that ran from east to west so that every plant received the same share of sun. Tomatoes stood at the back on tall stakes, beans climbed strings in the middle, and lettuce, which prefers a little shade in summer, grew in the front row.
Trains in the mountains climb by turning. The track loops around itself inside tunnels, gaining height a little at a time, and passengers who watch the same church tower appear first below them, then beside them and finally far beneath are often certain they are lost.
Clear writing starts with knowing what you want to say before you say it. Write the point in one sentence, put it first, and let every following sentence either support it or go somewhere else.
The museum kept its oldest clock running for visitors. It lost four minutes a day, so every morning a curator climbed a ladder, opened the glass and moved the hand forward, a small ritual that had been performed without interruption for over a century.
Engineers who build bridges think about the loads they will never see: the wind of the worst storm in a hundred years, the weight of a traffic jam of trucks, the slow push of the river against the piers through every season.
Bees find their way home by the sun, and when the sun is hidden they use the pattern of polarized light in the sky, which they can see and we cannot. A single hive may visit millions of flowers to make one jar of honey.
Numbers without units are rumors. Twelve what, measured how, under which conditions, compared with what baseline? A figure earns trust only when it carries its context with it.
)";
}

}  // namespace genai::workload
